using Azure.Storage.Blobs;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Publication;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>Issue 15: closure records stayed "Enqueued" forever; they now follow the publication they led to.</summary>
public sealed class ClosureRecordsTests : ReminderHarness
{
    protected override int SmtpPort => 25;

    private static readonly DateTimeOffset AfterClose = new(2021, 3, 27, 0, 0, 0, TimeSpan.Zero);

    private async Task<ReminderRecord> ClosureOfAsync(string slug)
        => (await Get<IReminderLog>().FindAsync(slug, ReminderKinds.Closure, default))!;

    /// <summary>Runs every queued publish job through the queue function, as the Functions host would; returns the failures.</summary>
    private async Task<int> PublishQueuedAsync()
    {
        int failed = 0;
        foreach (var job in await DrainAsync("publish"))
        {
            try
            {
                await Get<PublicationFunctions>().PublishCommunication(job, 1, default);
            }
            catch (Exception)
            {
                failed++;
            }
        }
        return failed;
    }

    [Fact]
    public async Task A_closure_is_enqueued_at_the_close_and_published_only_once_the_site_holds_the_pages()
    {
        await SweepUntilAsync(AfterClose, TimeSpan.FromHours(1));

        Assert.All(DemoSlugs, slug => Assert.Equal(ReminderState.Enqueued, ClosureOfAsync(slug).Result.State));
        Assert.Null(await Get<ISiteOutput>().ReadAsync("c/al-usa-2-2021/index.html", default));

        Assert.Equal(0, await PublishQueuedAsync());

        foreach (var slug in DemoSlugs)
        {
            var closure = await ClosureOfAsync(slug);
            Assert.Equal((ReminderState.Published, (string?)null), (closure.State, closure.Reason));
            Assert.Equal(Clock.GetUtcNow(), closure.UpdatedAt);
            Assert.NotNull(await Get<ISiteOutput>().ReadAsync($"c/{slug}/index.html", default));
        }
    }

    [Fact]
    public async Task A_closure_whose_publication_fails_says_why_and_becomes_published_after_the_retry()
    {
        var letters = Get<BlobServiceClient>().GetBlobContainerClient(StorageNames.LettersContainer);
        var usa = (await Get<ICommunicationRepository>().FindAsync("al-usa-2-2021", default))!;
        var letter = letters.GetBlobClient(usa.Letter.BlobName);
        var bytes = (await letter.DownloadContentAsync()).Value.Content;
        await letter.DeleteAsync();
        await SweepUntilAsync(AfterClose, TimeSpan.FromHours(1));

        Assert.Equal(1, await PublishQueuedAsync());

        var failed = await ClosureOfAsync("al-usa-2-2021");
        Assert.Equal(ReminderState.Failed, failed.State);
        Assert.StartsWith("Publication failed, it will be retried: ", failed.Reason);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(ReminderState.Published, (await ClosureOfAsync("al-rou-1-2021")).State);

        await letter.UploadAsync(bytes);
        await Get<PublicationService>().RetryAsync(new Common.Caller("secretariat-1", "Secretariat", Common.CallerRole.Secretariat, null), "al-usa-2-2021", default);
        Assert.Equal(0, await PublishQueuedAsync());

        var published = await ClosureOfAsync("al-usa-2-2021");
        Assert.Equal((ReminderState.Published, (string?)null), (published.State, published.Reason));
    }

    [Fact]
    public async Task The_reminder_log_lists_published_closures()
    {
        await SweepUntilAsync(AfterClose, TimeSpan.FromHours(1));
        await PublishQueuedAsync();

        var view = (await Get<ReminderDesk>().ListLogAsync("Published", null, default)).Value!;

        Assert.Equal(DemoSlugs.Order(), view.Records.Select(r => r.Slug).Order());
        Assert.Equal(4, view.CountsByState["Published"]);
    }
}
