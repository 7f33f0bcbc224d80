using System.Text.Json;
using System.Xml.Linq;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Communications;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>
/// Issue 10: one record stored with characters XML forbids made every later publication fail, and the API said
/// "published" for letters without a page. Records are stored directly in the table, past the API's validation,
/// as older data would be.
/// </summary>
public sealed class PublicationFailureTests : PublicationHarness
{
    private static readonly DateTimeOffset AfterClose = new(2021, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Registers a letter, then rewrites its subject in storage as no validation would allow any more.</summary>
    private async Task<Communication> StoreWithSubjectAsync(string reference, string subject)
    {
        var communication = await RegisterAsync(reference, "Placeholder subject", "2021-01-20", "Letter of " + reference);
        var table = Get<TableServiceClient>().GetTableClient(StorageNames.CommunicationsTable);
        var entity = (await table.GetEntityAsync<CommunicationEntity>("USA", communication.Slug)).Value;
        entity.Subject = subject;
        entity.Summary = "Summary with a bell \u0007 and an override \u202E inside.";
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        return communication;
    }

    /// <summary>A letter whose stored document has gone: it cannot be published until the document is back.</summary>
    private async Task<(Communication Communication, BlobClient Letter, BinaryData Bytes)> StoreWithoutLetterAsync(string reference)
    {
        var communication = await RegisterAsync(reference, "A letter whose document is missing", "2021-01-20", "Letter of " + reference);
        var blob = Get<BlobServiceClient>().GetBlobContainerClient(StorageNames.LettersContainer).GetBlobClient(communication.Letter.BlobName);
        var bytes = (await blob.DownloadContentAsync()).Value.Content;
        await blob.DeleteAsync();
        return (communication, blob, bytes);
    }

    private async Task AssertEveryPublishedLetterHasItsPagesAsync()
    {
        foreach (var communication in await Get<ICommunicationRepository>().ListAllAsync(default))
        {
            if (communication.PublishedAt is not null)
            {
                Assert.True(await SiteTextAsync($"c/{communication.Slug}/index.html") is not null, $"{communication.Slug} is marked published without a page");
                Assert.True(await SiteTextAsync($"c/{communication.Slug}/record.json") is not null, $"{communication.Slug} is marked published without its record");
            }
        }
    }

    [Fact]
    public async Task Nul_and_bidi_overrides_in_a_stored_subject_are_published_as_replacement_characters_in_valid_feeds()
    {
        var poisoned = await StoreWithSubjectAsync("AL USA 20/2021", "Poisoned\u0000subject \u202Etxt.exe");
        var next = await RegisterAsync("AL USA 21/2021", "The next letter", "2021-01-21", "Letter 21");
        Clock.SetUtcNow(AfterClose);

        await PublishAsync(poisoned.Slug);
        await PublishAsync(next.Slug);

        var feed = XDocument.Parse((await SiteTextAsync("feeds/all.xml"))!);
        var titles = feed.Descendants(XName.Get("title", SitePages.AtomNamespace)).Select(t => t.Value).ToList();
        Assert.Contains("AL USA 20/2021: Poisoned\uFFFDsubject \uFFFDtxt.exe", titles);
        Assert.Contains("AL USA 21/2021: The next letter", titles);
        XDocument.Parse((await SiteTextAsync("feeds/addressees/usa.xml"))!);
        XDocument.Parse((await SiteTextAsync("sitemaps/0.xml"))!);
        foreach (var (path, bytes) in await WholeSiteAsync())
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.False(text.Contains('\u0000') || text.Contains("\\u0000") || text.Contains('\u202E') || text.Contains("\\u202E") || text.Contains('\u0007'),
                $"{path} carries a control or override character");
        }
        Assert.NotNull((await Get<ICommunicationRepository>().FindAsync(poisoned.Slug, default))!.PublishedAt);
        await AssertEveryPublishedLetterHasItsPagesAsync();
    }

    [Fact]
    public async Task Site_data_written_before_text_was_cleaned_no_longer_stops_the_feed()
    {
        var first = await RegisterAsync("AL USA 22/2021", "An early letter", "2021-01-20", "Letter 22");
        var second = await RegisterAsync("AL USA 23/2021", "A later letter", "2021-01-21", "Letter 23");
        Clock.SetUtcNow(AfterClose);
        await PublishAsync(first.Slug);
        // As an older publisher left it: the listing chunk holds the raw NUL (JSON escapes it, the feed writer cannot).
        var chunk = (await SiteTextAsync("data/lists/all/0.json"))!.Replace("An early letter", "An early\\u0000letter");
        await Get<ISiteOutput>().WriteAsync("data/lists/all/0.json", System.Text.Encoding.UTF8.GetBytes(chunk), "application/json", default);

        await PublishAsync(second.Slug);

        var titles = XDocument.Parse((await SiteTextAsync("feeds/all.xml"))!).Descendants(XName.Get("title", SitePages.AtomNamespace)).Select(t => t.Value).ToList();
        Assert.Contains("AL USA 22/2021: An early\uFFFDletter", titles);
        Assert.Contains("AL USA 23/2021: A later letter", titles);
    }

    [Fact]
    public async Task A_letter_that_cannot_be_published_fails_alone_is_never_called_published_and_is_listed_for_a_retry()
    {
        var before = await RegisterAsync("AL USA 24/2021", "Before the broken one", "2021-01-20", "Letter 24");
        var (broken, letterBlob, letterBytes) = await StoreWithoutLetterAsync("AL USA 25/2021");
        var after = await RegisterAsync("AL USA 26/2021", "After the broken one", "2021-01-22", "Letter 26");
        Clock.SetUtcNow(AfterClose);

        await PublishAsync(before.Slug);
        await Assert.ThrowsAnyAsync<Exception>(() => PublishAsync(broken.Slug));
        await Assert.ThrowsAnyAsync<Exception>(() => PublishAsync(broken.Slug));
        await PublishAsync(after.Slug);

        Assert.NotNull(await SiteTextAsync($"c/{before.Slug}/index.html"));
        Assert.NotNull(await SiteTextAsync($"c/{after.Slug}/index.html"));
        Assert.Null(await SiteTextAsync($"c/{broken.Slug}/index.html"));
        Assert.DoesNotContain(broken.Slug, await SiteTextAsync("data/lists/all/0.json"));
        Assert.DoesNotContain(broken.Slug, await SiteTextAsync("feeds/all.xml"));
        await AssertEveryPublishedLetterHasItsPagesAsync();
        var get = Request("GET", $"/api/communications/{broken.Slug}", TokenFor("secretariat"));
        var view = await ExecuteAsync(get, await Get<CommunicationFunctions>().GetCommunication(get, broken.Slug, default));
        Assert.Equal(200, view.Status);
        Assert.Equal(JsonValueKind.Null, view.Json.GetProperty("publishedAt").ValueKind);

        var list = Request("GET", "/api/monitoring/publication-failures", TokenFor("secretariat"));
        var failures = await ExecuteAsync(list, await Get<PublicationFunctions>().ListPublicationFailures(list, default));
        var failure = Assert.Single(failures.Json.GetProperty("failures").EnumerateArray());
        Assert.Equal(broken.Slug, failure.GetProperty("slug").GetString());
        Assert.Equal(2, failure.GetProperty("attempts").GetInt32());
        Assert.Contains("FileNotFoundException", failure.GetProperty("error").GetString());
        Assert.Equal(AfterClose, failure.GetProperty("failedAt").GetDateTimeOffset());

        await letterBlob.UploadAsync(letterBytes);
        Clock.SetUtcNow(AfterClose.AddHours(1));
        var retry = Request("POST", $"/api/monitoring/publication-failures/{broken.Slug}/retry", TokenFor("secretariat"));
        var accepted = await ExecuteAsync(retry, await Get<PublicationFunctions>().RetryPublication(retry, broken.Slug, default));
        Assert.Equal(202, accepted.Status);
        var job = Assert.Single(await QueuedPublishJobsAsync());
        Assert.Contains("\"reason\":\"retry\"", job);
        await Get<PublicationFunctions>().PublishCommunication(job, 1, default);

        Assert.NotNull(await SiteTextAsync($"c/{broken.Slug}/index.html"));
        Assert.Equal(AfterClose.AddHours(1), (await Get<ICommunicationRepository>().FindAsync(broken.Slug, default))!.PublishedAt);
        var listAgain = Request("GET", "/api/monitoring/publication-failures", TokenFor("secretariat"));
        var cleared = await ExecuteAsync(listAgain, await Get<PublicationFunctions>().ListPublicationFailures(listAgain, default));
        Assert.Empty(cleared.Json.GetProperty("failures").EnumerateArray());
        await AssertEveryPublishedLetterHasItsPagesAsync();
        Assert.True((await Get<PublicationLogVerifier>().VerifyAsync(null, default)).Intact);
    }

    [Fact]
    public async Task Retry_of_a_publication_that_did_not_fail_is_not_found_and_queues_nothing()
    {
        var retry = Request("POST", $"/api/monitoring/publication-failures/{UsaSlug}/retry", TokenFor("secretariat"));
        var response = await ExecuteAsync(retry, await Get<PublicationFunctions>().RetryPublication(retry, UsaSlug, default));

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Empty(await QueuedPublishJobsAsync());
    }

    [Fact]
    public async Task Addressee_sees_no_failures_and_cannot_retry()
    {
        var list = Request("GET", "/api/monitoring/publication-failures", TokenFor("usa"));
        var retry = Request("POST", $"/api/monitoring/publication-failures/{UsaSlug}/retry", TokenFor("usa"));

        Assert.Equal(403, (await ExecuteAsync(list, await Get<PublicationFunctions>().ListPublicationFailures(list, default))).Status);
        Assert.Equal(403, (await ExecuteAsync(retry, await Get<PublicationFunctions>().RetryPublication(retry, UsaSlug, default))).Status);
    }

    [Fact]
    public async Task A_crash_after_the_pages_were_written_keeps_the_instant_the_site_shows()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        // The crash: the pages are on the site, the communication was never marked published.
        var table = Get<TableServiceClient>().GetTableClient(StorageNames.CommunicationsTable);
        var entity = (await table.GetEntityAsync<CommunicationEntity>("USA", UsaSlug)).Value;
        entity.PublishedAt = null;
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        Clock.SetUtcNow(AfterDemoClose.AddMinutes(5));

        await PublishAsync(UsaSlug);

        Assert.Equal(AfterDemoClose, (await Get<ICommunicationRepository>().FindAsync(UsaSlug, default))!.PublishedAt);
        var log = JsonDocument.Parse((await SiteTextAsync("log/0.json"))!).RootElement;
        Assert.Equal(1, log.GetArrayLength());
    }
}
