using Azure.Data.Tables;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

public sealed class PublicationLogVerifierTests : PublicationHarness
{
    private async Task PublishDemoAsync()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await AddReplyAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-1), "A reply to verify.");
        foreach (var slug in new[] { "al-usa-2-2021", "al-rou-1-2021", "al-gbr-1-2021", "al-oth-1-2021" })
        {
            await PublishAsync(slug);
        }
    }

    [Fact]
    public async Task Log_of_published_demo_verifies()
    {
        await PublishDemoAsync();

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.True(result.Intact, result.FirstMismatch);
        Assert.Equal(4, result.Entries);
        Assert.Equal(4 * 2 + 1, result.FilesChecked);
        var head = await Get<IPublicationLog>().HeadAsync(default);
        Assert.Contains(head.Hash, await SiteTextAsync("log.json"));
        Assert.Contains(head.Hash, await SiteTextAsync("log/index.html"));
    }

    [Fact]
    public async Task One_changed_byte_in_a_published_file_is_reported()
    {
        await PublishDemoAsync();
        var record = System.Text.Json.JsonSerializer.Deserialize<PublishedRecord>((await SiteTextAsync("c/al-gbr-1-2021/record.json"))!, SiteBuilder.Json)!;
        var bytes = (await Get<ISiteOutput>().ReadAsync(record.Letter.Path, default))!;
        bytes[10] ^= 1;
        await Get<ISiteOutput>().WriteAsync(record.Letter.Path, bytes, "text/plain", default);

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.False(result.Intact);
        Assert.StartsWith(record.Letter.Path + " has SHA-256", result.FirstMismatch);
    }

    [Fact]
    public async Task Changed_log_entry_is_reported_as_the_first_mismatch()
    {
        await PublishDemoAsync();
        var table = Get<TableServiceClient>().GetTableClient(PublicationStorageNames.PublicationLogTable);
        var (pk, rk) = PublicationStorageKeys.LogEntry(2);
        var entity = (await table.GetEntityAsync<PublicationLogEntity>(pk, rk)).Value;
        entity.Slug = "al-xxx-1-2021";
        await table.UpdateEntityAsync(entity, entity.ETag);

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.False(result.Intact);
        Assert.Equal("Entry 2 was changed: its content does not hash to " + entity.Hash + ".", result.FirstMismatch);
    }
}
