using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class StagedSiteOutputTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rp-staged-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Nothing_reaches_the_target_before_commit_and_reads_see_the_staged_state()
    {
        var target = new LocalFolderSiteOutput(_root);
        await target.WriteAsync("old.html", "old"u8.ToArray(), "text/html", default);
        var staged = new StagedSiteOutput(target);

        await staged.WriteAsync("c/x/index.html", "page"u8.ToArray(), "text/html", default);
        await staged.DeleteAsync("old.html", default);

        Assert.Null(await target.ReadAsync("c/x/index.html", default));
        Assert.NotNull(await target.ReadAsync("old.html", default));
        Assert.Equal("page"u8.ToArray(), await staged.ReadAsync("c/x/index.html", default));
        Assert.Null(await staged.ReadAsync("old.html", default));
        Assert.True(await staged.ChangesTargetAsync(default));

        await staged.CommitAsync(default);

        Assert.Equal("page"u8.ToArray(), await target.ReadAsync("c/x/index.html", default));
        Assert.Null(await target.ReadAsync("old.html", default));
    }

    [Fact]
    public async Task Changes_name_each_written_path_with_its_hash_and_each_removed_path()
    {
        var staged = new StagedSiteOutput(new LocalFolderSiteOutput(_root));
        await staged.WriteAsync("b.json", "{}"u8.ToArray(), "application/json", default);
        await staged.WriteAsync("a.html", "x"u8.ToArray(), "text/html", default);
        await staged.DeleteAsync("gone.txt", default);

        var manifest = staged.Changes();

        Assert.Equal(["a.html", "b.json"], manifest.Written.Select(f => f.Path));
        Assert.Equal(SiteBuilder.Sha256("x"u8), manifest.Written[0].Sha256);
        Assert.Equal(["gone.txt"], manifest.Removed);
    }

    [Fact]
    public async Task Rewriting_identical_bytes_does_not_change_the_target()
    {
        var target = new LocalFolderSiteOutput(_root);
        await target.WriteAsync("a.html", "same"u8.ToArray(), "text/html", default);
        var staged = new StagedSiteOutput(target);
        await staged.WriteAsync("a.html", "same"u8.ToArray(), "text/html", default);
        await staged.DeleteAsync("never-there.html", default);

        Assert.False(await staged.ChangesTargetAsync(default));
    }

    [Fact]
    public async Task A_file_of_the_target_is_read_once_per_publication()
    {
        var target = new CountingOutput();
        await target.WriteAsync("data/meta.json", "{}"u8.ToArray(), "application/json", default);
        var staged = new StagedSiteOutput(target, concurrency: 4);

        await staged.ReadAsync("data/meta.json", default);
        await staged.ReadAsync("data/meta.json", default);
        await staged.ReadAsync("missing.json", default);
        await staged.ReadAsync("missing.json", default);

        Assert.Equal(2, target.Reads);
        Assert.Equal(2, staged.TargetCalls);
    }

    [Fact]
    public async Task A_prefetched_file_is_read_once_a_staged_one_never_and_a_failed_read_fails_where_it_is_used()
    {
        var target = new CountingOutput { FailOn = "broken.json" };
        await target.WriteAsync("data/meta.json", "{\"count\":3}"u8.ToArray(), "application/json", default);
        var staged = new StagedSiteOutput(target, concurrency: 4);
        await staged.WriteAsync("data/0.json", "[]"u8.ToArray(), "application/json", default);

        staged.Prefetch("data/meta.json", default);
        staged.Prefetch("data/0.json", default);
        staged.Prefetch("broken.json", default);

        Assert.Equal("{\"count\":3}"u8.ToArray(), await staged.ReadAsync("data/meta.json", default));
        Assert.Equal("{\"count\":3}"u8.ToArray(), await staged.ReadAsync("data/meta.json", default));
        Assert.Equal("[]"u8.ToArray(), await staged.ReadAsync("data/0.json", default));
        var failure = await Assert.ThrowsAsync<IOException>(() => staged.ReadAsync("broken.json", default));
        Assert.Contains("broken.json", failure.Message);
        Assert.Equal(2, target.Reads);
        Assert.Equal(2, staged.TargetCalls);
    }

    [Fact]
    public async Task A_concurrent_commit_writes_the_record_before_any_other_file_and_never_more_at_once_than_allowed()
    {
        var target = new CountingOutput { Delay = TimeSpan.FromMilliseconds(5) };
        var staged = new StagedSiteOutput(target, concurrency: 3);
        for (int i = 0; i < 20; i++)
        {
            await staged.WriteAsync($"page-{i}.html", new byte[] { (byte)i }, "text/html", default);
        }
        await staged.WriteAsync("c/x/record.json", "{}"u8.ToArray(), "application/json", default);
        await staged.DeleteAsync("gone.html", default);

        await staged.CommitAsync(default);

        Assert.Equal("c/x/record.json", target.Calls[0]);
        Assert.Equal("delete gone.html", target.Calls[^1]);
        Assert.Equal(22, target.Calls.Count);
        Assert.InRange(target.MostAtOnce, 2, 3);
    }

    private sealed class CountingOutput : ISiteOutput
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _files = new();
        private int _inFlight;

        public TimeSpan Delay { get; init; }
        /// <summary>A path whose read fails, as a storage outage would.</summary>
        public string? FailOn { get; init; }
        public int Reads;
        public int MostAtOnce;
        public List<string> Calls { get; } = [];

        public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
        {
            await TrackAsync(path);
            _files[path] = content.ToArray();
        }

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            return path == FailOn ? Task.FromException<byte[]?>(new IOException($"Reading {path} failed.")) : Task.FromResult(_files.GetValueOrDefault(path));
        }

        public async Task DeleteAsync(string path, CancellationToken cancellationToken)
        {
            await TrackAsync("delete " + path);
            _files.TryRemove(path, out _);
        }

        public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        private async Task TrackAsync(string call)
        {
            lock (Calls)
            {
                Calls.Add(call);
            }
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MostAtOnce, now);
            // Waits on a timer, not on the clock: a commit that waited for each call before the next would never overlap.
            await Task.Delay(Delay);
            Interlocked.Decrement(ref _inFlight);
        }

        private static void InterlockedMax(ref int location, int value)
        {
            int current;
            while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
            {
            }
        }
    }
}
