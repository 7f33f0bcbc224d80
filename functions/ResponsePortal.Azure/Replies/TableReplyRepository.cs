using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Replies;

namespace ResponsePortal.Azure.Replies;

public sealed class ReplyEntity : EntityBase
{
    public ReplyEntity() { }
    public ReplyEntity(string slug, string replyId) => SetKeys(ReplyStorageKeys.Reply(slug, replyId));

    public string AddresseeId { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public int DaysLate { get; set; }
    public string? Note { get; set; }
    public string? Language { get; set; }
    /// <summary>JSON array of the stored files.</summary>
    public string Files { get; set; } = "[]";
    public string? ConfidentialityCategory { get; set; }
    public string? ConfidentialityReason { get; set; }
    public string ReceiptId { get; set; } = "";
    public string SubmittedBy { get; set; } = "";
    /// <summary>The signed receipt exactly as issued.</summary>
    public string Receipt { get; set; } = "";
}

public sealed class ConfidentialityDecisionEntity : EntityBase
{
    public ConfidentialityDecisionEntity() { }
    public ConfidentialityDecisionEntity(string slug, string replyId, DateTimeOffset decidedAt) => SetKeys(ReplyStorageKeys.Decision(slug, replyId, decidedAt));

    public string ReplyId { get; set; } = "";
    public bool Accepted { get; set; }
    public string DecidedBy { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
    public string? Note { get; set; }
}

public sealed class IdempotencyKeyEntity : EntityBase
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";

    public IdempotencyKeyEntity() { }
    public IdempotencyKeyEntity((string PartitionKey, string RowKey) key) => SetKeys(key);

    public string Slug { get; set; } = "";
    public string ReplyId { get; set; } = "";
    public string State { get; set; } = InProgress;
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>A reply's outbox row (ADR 0103): <c>pending</c> while what follows from the reply may be undone, <c>abandoned</c> for an upload given up.</summary>
public sealed class ReplyOutboxEntity : EntityBase
{
    public const string Pending = "pending";
    public const string Abandoned = "abandoned";

    public ReplyOutboxEntity() { }
    public ReplyOutboxEntity(string slug, string replyId) => SetKeys(ReplyStorageKeys.Outbox(slug, replyId));

    public string ReplyId { get; set; } = "";
    public string State { get; set; } = Pending;
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>An upload in progress with its lease.</summary>
public sealed class UploadEntity : EntityBase
{
    public UploadEntity() { }
    public UploadEntity(string replyId) => SetKeys(ReplyStorageKeys.Upload(replyId));

    public string Slug { get; set; } = "";
    public string AddresseeId { get; set; } = "";
    public string SubmittedBy { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
}

public sealed class JanitorTotalsEntity : EntityBase
{
    public JanitorTotalsEntity() => SetKeys(ReplyStorageKeys.JanitorTotals);

    public long RepliesRepaired { get; set; }
    public long UploadsRemoved { get; set; }
    public long OrphanFilesRemoved { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
}

/// <summary>Replies are inserted once and never updated; decisions are appended; idempotency keys are claimed with a conditional insert.</summary>
public sealed class TableReplyRepository(TableServiceClient tables) : IReplyRepository, IReplyJanitorLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient _replies = tables.GetTableClient(ReplyStorageNames.RepliesTable);
    private readonly TableClient _decisions = tables.GetTableClient(ReplyStorageNames.ConfidentialityDecisionsTable);
    private readonly TableClient _keys = tables.GetTableClient(ReplyStorageNames.IdempotencyKeysTable);
    private readonly TableClient _uploads = tables.GetTableClient(ReplyStorageNames.UploadsTable);

    public Task StartUploadAsync(UploadInProgress upload, CancellationToken cancellationToken)
        => _uploads.AddEntityAsync(ToEntity(upload), cancellationToken);

    public async Task<bool> RenewUploadAsync(UploadInProgress upload, CancellationToken cancellationToken)
    {
        var (pk, rk) = ReplyStorageKeys.Upload(upload.ReplyId);
        try
        {
            await _uploads.UpdateEntityAsync(new TableEntity(pk, rk) { [nameof(UploadEntity.LeaseUntil)] = upload.LeaseUntil }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public Task EndUploadAsync(string replyId, CancellationToken cancellationToken)
        => _uploads.TryDeleteAsync(ReplyStorageKeys.Upload(replyId), cancellationToken);

    public async Task<IReadOnlyList<UploadInProgress>> ListUploadsAsync(CancellationToken cancellationToken)
        => (await _uploads.ListAsync<UploadEntity>(TableExtensions.PartitionFilter(ReplyStorageKeys.UploadsPartition), cancellationToken))
            .Select(e => new UploadInProgress(e.RowKey, e.Slug, e.AddresseeId, e.SubmittedBy, e.IdempotencyKey, e.StartedAt, e.LeaseUntil))
            .ToList();

    private static UploadEntity ToEntity(UploadInProgress upload) => new(upload.ReplyId)
    {
        Slug = upload.Slug,
        AddresseeId = upload.AddresseeId,
        SubmittedBy = upload.SubmittedBy,
        IdempotencyKey = upload.IdempotencyKey,
        StartedAt = upload.StartedAt,
        LeaseUntil = upload.LeaseUntil,
    };

    public async Task<ReplyOutboxState> FindOutboxAsync(string slug, string replyId, CancellationToken cancellationToken)
        => State(await _replies.FindAsync<ReplyOutboxEntity>(ReplyStorageKeys.Outbox(slug, replyId), cancellationToken));

    private static ReplyOutboxState State(ReplyOutboxEntity? outbox) => outbox?.State switch
    {
        null => ReplyOutboxState.None,
        ReplyOutboxEntity.Abandoned => ReplyOutboxState.Abandoned,
        _ => ReplyOutboxState.Pending,
    };

    public async Task<ReplyOutboxState> GiveUpAsync(string slug, string replyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The abandoned mark takes the outbox row's key: the upload's own commit inserts that key too, so of the
        // two only one can ever succeed.
        if (await _replies.TryAddAsync(new ReplyOutboxEntity(slug, replyId) { ReplyId = replyId, State = ReplyOutboxEntity.Abandoned, At = now }, cancellationToken))
        {
            return ReplyOutboxState.Abandoned;
        }
        return await FindOutboxAsync(slug, replyId, cancellationToken);
    }

    public async Task CompleteOutboxAsync(string slug, string replyId, CancellationToken cancellationToken)
    {
        var outbox = await _replies.FindAsync<ReplyOutboxEntity>(ReplyStorageKeys.Outbox(slug, replyId), cancellationToken);
        if (outbox is null || outbox.State != ReplyOutboxEntity.Pending)
        {
            return;
        }
        try
        {
            await _replies.DeleteEntityAsync(outbox.PartitionKey, outbox.RowKey, outbox.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Completed by someone else at the same moment.
        }
    }

    public async Task<IReadOnlyList<DateTimeOffset>> ListReceivedAtAsync(string slug, CancellationToken cancellationToken)
    {
        var received = new List<DateTimeOffset>();
        await foreach (var row in _replies.QueryAsync<TableEntity>(ReplyStorageKeys.RepliesOf(slug), select: [nameof(ReplyEntity.ReceivedAt)], cancellationToken: cancellationToken))
        {
            received.Add(row.GetDateTimeOffset(nameof(ReplyEntity.ReceivedAt))!.Value);
        }
        return received;
    }

    public async Task AddAsync(ReplyJanitorRun run, CancellationToken cancellationToken)
    {
        while (true)
        {
            var totals = await _uploads.FindAsync<JanitorTotalsEntity>(ReplyStorageKeys.JanitorTotals, cancellationToken) ?? new JanitorTotalsEntity();
            totals.RepliesRepaired += run.RepliesRepaired;
            totals.UploadsRemoved += run.UploadsRemoved;
            totals.OrphanFilesRemoved += run.OrphanFilesRemoved;
            totals.LastRunAt = run.At;
            try
            {
                if (totals.ETag == default)
                {
                    await _uploads.AddEntityAsync(totals, cancellationToken);
                }
                else
                {
                    await _uploads.UpdateEntityAsync(totals, totals.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Two janitors at once: add onto the other's totals.
            }
        }
    }

    public async Task<ReplyJanitorTotals> TotalsAsync(CancellationToken cancellationToken)
        => await _uploads.FindAsync<JanitorTotalsEntity>(ReplyStorageKeys.JanitorTotals, cancellationToken) is { } t
            ? new ReplyJanitorTotals(t.RepliesRepaired, t.UploadsRemoved, t.OrphanFilesRemoved, t.LastRunAt)
            : ReplyJanitorTotals.None;

    public async Task<IdempotencyClaim> ClaimAsync(string addresseeId, string slug, string key, string replyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = ReplyStorageKeys.IdempotencyKey(addresseeId, slug, key);
        var claim = new IdempotencyKeyEntity(keys) { Slug = slug, ReplyId = replyId, ClaimedAt = now };
        while (true)
        {
            if (await _keys.TryAddAsync(claim, cancellationToken))
            {
                return new IdempotencyClaim(ClaimState.Claimed, replyId);
            }
            var existing = await _keys.FindAsync<IdempotencyKeyEntity>(keys, cancellationToken);
            if (existing is null)
            {
                continue; // released between our insert and our read: try again
            }
            // A reply stored under the key whose claim was never completed (the host stopped between the two
            // writes) is still the first result.
            if (existing.State == IdempotencyKeyEntity.Completed
                || await _replies.FindAsync<ReplyEntity>(ReplyStorageKeys.Reply(slug, existing.ReplyId), cancellationToken) is not null)
            {
                return new IdempotencyClaim(ClaimState.Completed, existing.ReplyId);
            }
            var upload = await _uploads.FindAsync<UploadEntity>(ReplyStorageKeys.Upload(existing.ReplyId), cancellationToken);
            if (upload is not null && now < upload.LeaseUntil)
            {
                return new IdempotencyClaim(ClaimState.InProgress, existing.ReplyId);
            }
            // Its upload died with its host: give it up first, so it can never store its reply after we took the key.
            if (await GiveUpAsync(slug, existing.ReplyId, now, cancellationToken) == ReplyOutboxState.Pending)
            {
                return new IdempotencyClaim(ClaimState.Completed, existing.ReplyId);
            }
            try
            {
                await _keys.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return new IdempotencyClaim(ClaimState.Claimed, replyId);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Someone else took it over or released it first: look again.
            }
        }
    }

    public async Task CompleteClaimAsync(string addresseeId, string slug, string key, string replyId, CancellationToken cancellationToken)
    {
        var entity = new IdempotencyKeyEntity(ReplyStorageKeys.IdempotencyKey(addresseeId, slug, key)) { Slug = slug, ReplyId = replyId, State = IdempotencyKeyEntity.Completed };
        var existing = await _keys.FindAsync<IdempotencyKeyEntity>((entity.PartitionKey, entity.RowKey), cancellationToken);
        entity.ClaimedAt = existing?.ClaimedAt ?? default;
        await _keys.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task ReleaseClaimAsync(string addresseeId, string slug, string key, string replyId, CancellationToken cancellationToken)
    {
        var keys = ReplyStorageKeys.IdempotencyKey(addresseeId, slug, key);
        var existing = await _keys.FindAsync<IdempotencyKeyEntity>(keys, cancellationToken);
        if (existing is null || existing.ReplyId != replyId || existing.State != IdempotencyKeyEntity.InProgress)
        {
            return; // not ours (any more): leave it
        }
        try
        {
            await _keys.DeleteEntityAsync(keys.PartitionKey, keys.RowKey, existing.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    public async Task<bool> AddAsync(Reply reply, SignedReceipt receipt, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var row = new ReplyEntity(reply.Slug, reply.Id)
        {
            AddresseeId = reply.AddresseeId,
            ReceivedAt = reply.ReceivedAt,
            DaysLate = reply.DaysLate,
            Note = reply.Note,
            Language = reply.Language,
            Files = JsonSerializer.Serialize(reply.Files, Json),
            ConfidentialityCategory = reply.Confidentiality?.ReasonCategory,
            ConfidentialityReason = reply.Confidentiality?.Reason,
            ReceiptId = reply.ReceiptId,
            SubmittedBy = reply.SubmittedBy,
            Receipt = receipt.ToJson(),
        };
        var outbox = new ReplyOutboxEntity(reply.Slug, reply.Id) { ReplyId = reply.Id, State = ReplyOutboxEntity.Pending, IdempotencyKey = idempotencyKey, At = reply.ReceivedAt };
        try
        {
            // One entity-group transaction: the reply and its outbox row exist together or not at all.
            await _replies.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, outbox)], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            if (await FindOutboxAsync(reply.Slug, reply.Id, CancellationToken.None) == ReplyOutboxState.Abandoned)
            {
                return false;
            }
            throw;
        }
    }

    public async Task<StoredReply?> FindAsync(string slug, string replyId, CancellationToken cancellationToken)
    {
        var entity = await _replies.FindAsync<ReplyEntity>(ReplyStorageKeys.Reply(slug, replyId), cancellationToken);
        if (entity is null)
        {
            return null;
        }
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {slug} and RowKey gt {replyId + "-"} and RowKey lt {replyId + "."}");
        var decisions = await _decisions.ListAsync<ConfidentialityDecisionEntity>(filter, cancellationToken);
        return ToDomain(entity, decisions.LastOrDefault());
    }

    public async Task<IReadOnlyList<StoredReply>> ListStoredAsync(string slug, CancellationToken cancellationToken)
    {
        var entities = await _replies.ListAsync<ReplyEntity>(ReplyStorageKeys.RepliesOf(slug), cancellationToken);
        var decisions = (await _decisions.ListAsync<ConfidentialityDecisionEntity>(TableExtensions.PartitionFilter(slug), cancellationToken))
            .GroupBy(d => d.ReplyId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.RowKey, StringComparer.Ordinal).Last());
        return entities
            .Select(e => ToDomain(e, decisions.GetValueOrDefault(e.RowKey)))
            .OrderBy(r => r.Reply.ReceivedAt).ThenBy(r => r.Reply.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<Reply>> ListForCommunicationAsync(string slug, CancellationToken cancellationToken)
        => (await ListStoredAsync(slug, cancellationToken)).Select(r => r.Reply).ToList();

    public Task AddDecisionAsync(string slug, string replyId, ConfidentialityDecision decision, CancellationToken cancellationToken)
        => _decisions.AddEntityAsync(new ConfidentialityDecisionEntity(slug, replyId, decision.DecidedAt)
        {
            ReplyId = replyId,
            Accepted = decision.Accepted,
            DecidedBy = decision.DecidedBy,
            DecidedAt = decision.DecidedAt,
            Note = decision.Note,
        }, cancellationToken);

    private static StoredReply ToDomain(ReplyEntity e, ConfidentialityDecisionEntity? decision)
    {
        var receipt = SignedReceipt.FromJson(e.Receipt);
        var confidentiality = e.ConfidentialityCategory is null ? null : new ConfidentialityRequest(
            e.ConfidentialityCategory, e.ConfidentialityReason ?? "", e.ReceivedAt, e.SubmittedBy,
            decision is null ? null : new ConfidentialityDecision(decision.Accepted, decision.DecidedBy, decision.DecidedAt, decision.Note));
        var reply = new Reply(e.RowKey, e.PartitionKey, e.AddresseeId, e.ReceivedAt, e.DaysLate, e.Note, e.Language,
            JsonSerializer.Deserialize<List<ReplyFile>>(e.Files, Json) ?? [], confidentiality, e.ReceiptId, e.SubmittedBy);
        return new StoredReply(reply, receipt);
    }
}
