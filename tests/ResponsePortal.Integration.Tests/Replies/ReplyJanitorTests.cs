using Azure.Data.Tables;
using ResponsePortal.Audit;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Functions.Reminders;
using ResponsePortal.Replies;
using Microsoft.Extensions.DependencyInjection;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>What a host killed during uploads leaves behind, and the janitor (and a replayed key) finishing it (ADR 0103).</summary>
public sealed class ReplyJanitorTests : RepliesHarness
{
    private ReplyJanitor Janitor => Get<ReplyJanitor>();

    [Fact]
    public async Task A_reply_stored_by_a_host_that_died_before_recording_it_is_counted_and_logged_once_after_the_lease()
    {
        var replyId = await StoreThenCrashAsync("key-1");
        Assert.Equal((1, 1, 1, 0), await StorageStateAsync());

        var tooSoon = await Janitor.RunAsync(default);
        Clock.Advance(UploadInProgress.LeaseDuration + ReplyJanitor.Grace);
        var run = await Janitor.RunAsync(default);
        var again = await Janitor.RunAsync(default);

        Assert.Equal((0, 0, 0), (tooSoon.RepliesRepaired, tooSoon.UploadsRemoved, tooSoon.OrphanFilesRemoved));
        Assert.Equal((1, 0, 0), (run.RepliesRepaired, run.UploadsRemoved, run.OrphanFilesRemoved));
        Assert.False(again.DidAnything);
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());
        Assert.Equal((0, 0), await UnfinishedAsync());
        await AssertOneEventOfEachKindAsync(replyId);
    }

    [Fact]
    public async Task A_replay_of_the_key_repairs_a_reply_the_host_left_unrecorded_at_once()
    {
        var replyId = await StoreThenCrashAsync("key-2");

        var replay = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-2");

        Assert.Equal(200, replay.Status);
        Assert.Equal(replyId, replay.Json.GetProperty("id").GetString());
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());
        Assert.Equal((0, 0), await UnfinishedAsync());
        await AssertOneEventOfEachKindAsync(replyId);
    }

    [Fact]
    public async Task The_files_of_an_upload_that_died_are_removed_a_minute_after_its_lease_its_key_is_freed_and_monitoring_counts_them()
    {
        var dead = UploadInProgress.Start("0190bbbb0000700080000000000000de", UsaSlug, "USA", "dev-usa-officer", "key-3", Clock.GetUtcNow());
        var replies = Get<IReplyRepository>();
        await replies.StartUploadAsync(dead, default);
        await replies.ClaimAsync("USA", UsaSlug, "key-3", dead.ReplyId, Clock.GetUtcNow(), default);
        var documents = Services.GetRequiredKeyedService<IDocumentStore>(ReplyDocuments.Key);
        await documents.StoreAsync($"{UsaSlug}/{dead.ReplyId}/01-reply.pdf", "reply.pdf", "application/pdf", new MemoryStream(Pdf()), default);
        await documents.StoreAsync($"{UsaSlug}/{dead.ReplyId}/02-annex.pdf", "annex.pdf", "application/pdf", new MemoryStream(Pdf()), default);

        // A lease that ran out is not yet enough: the janitor leaves a slow host a minute of grace.
        Clock.Advance(UploadInProgress.LeaseDuration + ReplyJanitor.Grace - TimeSpan.FromSeconds(1));
        var tooSoon = await Janitor.RunAsync(default);
        Assert.False(tooSoon.DidAnything);
        Assert.Equal((2, 0, 1, 0), await StorageStateAsync());
        Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await Janitor.RunAsync(default);

        Assert.Equal((0, 1, 2), (run.RepliesRepaired, run.UploadsRemoved, run.OrphanFilesRemoved));
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
        Assert.Equal((0, 0), await UnfinishedAsync());
        var request = Request("GET", "/api/monitoring/summary", TokenFor("secretariat"));
        var summary = await ExecuteAsync(request, await Get<MonitoringFunctions>().GetMonitoringSummary(request, default));
        var janitor = summary.Json.GetProperty("replyJanitor");
        Assert.Equal(2, janitor.GetProperty("orphanFilesRemoved").GetInt64());
        Assert.Equal(1, janitor.GetProperty("uploadsRemoved").GetInt64());
        Assert.Equal(Clock.GetUtcNow(), janitor.GetProperty("lastRunAt").GetDateTimeOffset());
        // Given up for good: the key is free for a retry, and the dead upload could never store its reply now.
        Assert.Equal(201, (await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-3")).Status);
        Assert.Equal(ReplyOutboxState.Abandoned, await replies.FindOutboxAsync(UsaSlug, dead.ReplyId, default));
    }

    [Fact]
    public async Task An_upload_still_receiving_is_left_alone()
    {
        var live = UploadInProgress.Start("0190cccc0000700080000000000000de", UsaSlug, "USA", "dev-usa-officer", null, Clock.GetUtcNow());
        await Get<IReplyRepository>().StartUploadAsync(live, default);
        Clock.Advance(UploadInProgress.LeaseDuration - TimeSpan.FromSeconds(1));
        await Get<IReplyRepository>().RenewUploadAsync(live.RenewedAt(Clock.GetUtcNow()), default);
        Clock.Advance(TimeSpan.FromSeconds(30));

        var run = await Janitor.RunAsync(default);

        Assert.False(run.DidAnything);
        Assert.Equal((1, 0), await UnfinishedAsync());
        Assert.Equal(ReplyOutboxState.None, await Get<IReplyRepository>().FindOutboxAsync(UsaSlug, live.ReplyId, default));
    }

    /// <summary>
    /// A real upload, then storage put back to what a host killed right after the reply's transaction leaves: the
    /// reply and its pending outbox row, the upload's record, the key in progress, no count and no events.
    /// </summary>
    private async Task<string> StoreThenCrashAsync(string key)
    {
        var response = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), key);
        Assert.Equal(201, response.Status);
        var replyId = response.Json.GetProperty("id").GetString()!;
        var tables = Get<TableServiceClient>();

        var communications = Get<ICommunicationRepository>();
        var communication = (await communications.FindAsync(UsaSlug, default))!;
        communication.RecordReplies([]);
        Assert.True(await communications.TryUpdateAsync(communication, default));
        var events = tables.GetTableClient(StorageNames.EventsTable);
        await foreach (var e in events.QueryAsync<TableEntity>($"PartitionKey eq '{UsaSlug}' and Kind ne '{CommunicationEvent.Registered}'"))
        {
            await events.DeleteEntityAsync(e.PartitionKey, e.RowKey);
        }
        await tables.GetTableClient(ReplyStorageNames.RepliesTable).AddEntityAsync(
            new ReplyOutboxEntity(UsaSlug, replyId) { ReplyId = replyId, State = ReplyOutboxEntity.Pending, IdempotencyKey = key, At = Clock.GetUtcNow() });
        await Get<IReplyRepository>().StartUploadAsync(UploadInProgress.Start(replyId, UsaSlug, "USA", "dev-usa-officer", key, Clock.GetUtcNow()), default);
        var (pk, rk) = ReplyStorageKeys.IdempotencyKey("USA", UsaSlug, key);
        var claims = tables.GetTableClient(ReplyStorageNames.IdempotencyKeysTable);
        var claim = (await claims.GetEntityAsync<TableEntity>(pk, rk)).Value;
        claim["State"] = IdempotencyKeyEntity.InProgress;
        await claims.UpdateEntityAsync(claim, claim.ETag);
        return replyId;
    }

    private async Task AssertOneEventOfEachKindAsync(string replyId)
    {
        var replyEvents = (await Get<IEventLog>().ListAsync(UsaSlug, default)).Where(e => e.Data.GetValueOrDefault("replyId") == replyId).ToList();
        Assert.Equal([ReplyEvents.ReceiptIssued, ReplyEvents.ReplyReceived], replyEvents.Select(e => e.Kind).Order(StringComparer.Ordinal));
    }
}
