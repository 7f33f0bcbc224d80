using ResponsePortal.Browser.Tests.Harness;
using ResponsePortal.Replies;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/reply-upload.js, run in the browser: block ids the server agrees with, what is left to send, backoff, and one reply key per choice of files.</summary>
public sealed class ReplyUploadModuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private async Task<T> RunAsync<T>(string body)
    {
        await using var tab = await portal.OpenAsync(nameof(ReplyUploadModuleTests));
        await tab.GotoAsync("/");
        return await tab.Page.EvaluateAsync<T>($"async () => {{ const m = await import('/js/reply-upload.js'); {body} }}");
    }

    [Fact]
    public async Task Block_ids_are_the_ones_the_server_commits()
    {
        int[] indexes = [0, 1, 9, 10, 1234, 49_999];

        var ids = await RunAsync<string[]>($"return [{string.Join(",", indexes)}].map(m.blockId);");

        Assert.Equal(indexes.Select(UploadSession.BlockId), ids);
    }

    [Fact]
    public async Task A_block_url_adds_the_put_block_parameters_to_the_sas()
    {
        var url = await RunAsync<string>("return m.blockUrl('http://127.0.0.1:10000/devstoreaccount1/reply-uploads/abc?sv=2025&sig=x%2By', 10);");

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/reply-uploads/abc?sv=2025&sig=x%2By&comp=block&blockid=" + Uri.EscapeDataString(UploadSession.BlockId(10)), url);
    }

    [Fact]
    public async Task Only_the_blocks_storage_does_not_have_are_sent()
    {
        var pending = await RunAsync<int[]>("return m.blocksToSend(6, [0, 2, 3]);");

        Assert.Equal([1, 4, 5], pending);
    }

    [Fact]
    public async Task Retries_back_off_from_one_second_to_at_most_thirty()
    {
        var delays = await RunAsync<int[]>("return [1, 2, 3, 5, 6, 12].map(m.retryDelay);");

        Assert.Equal([1000, 2000, 4000, 16_000, 30_000, 30_000], delays);
    }

    [Fact]
    public async Task The_same_files_keep_their_reply_key_until_the_reply_is_made_and_other_files_get_another()
    {
        var keys = await RunAsync<string[]>("""
            const storage = new Map();
            const store = { getItem: k => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v), removeItem: k => storage.delete(k) };
            const a = [{ name: 'reply.pdf', size: 10, lastModified: 1 }];
            const b = [{ name: 'reply.pdf', size: 11, lastModified: 1 }];
            const first = new m.ReplyKeys('al-usa-2-2021', store).keyFor(a);
            const afterReload = new m.ReplyKeys('al-usa-2-2021', store).keyFor(a);
            const otherFiles = new m.ReplyKeys('al-usa-2-2021', store).keyFor(b);
            const keys = new m.ReplyKeys('al-usa-2-2021', store);
            keys.done();
            const afterDone = keys.keyFor(b);
            return [first, afterReload, otherFiles, afterDone];
            """);

        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
        Assert.NotEqual(keys[2], keys[3]);
        Assert.Equal(3, keys.Distinct().Count());
    }
}
