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

/// <summary>Replies are inserted once and never updated; decisions are appended; idempotency keys are claimed with a conditional insert.</summary>
public sealed class TableReplyRepository(TableServiceClient tables) : IReplyRepository
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient _replies = tables.GetTableClient(ReplyStorageNames.RepliesTable);
    private readonly TableClient _decisions = tables.GetTableClient(ReplyStorageNames.ConfidentialityDecisionsTable);
    private readonly TableClient _keys = tables.GetTableClient(ReplyStorageNames.IdempotencyKeysTable);

    public async Task<IdempotencyClaim> ClaimAsync(string addresseeId, string slug, string key, string replyId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken)
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
            if (now - existing.ClaimedAt < staleAfter)
            {
                return new IdempotencyClaim(ClaimState.InProgress, existing.ReplyId);
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

    public async Task AddAsync(Reply reply, SignedReceipt receipt, CancellationToken cancellationToken)
    {
        await _replies.AddEntityAsync(new ReplyEntity(reply.Slug, reply.Id)
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
        }, cancellationToken);
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
        var entities = await _replies.ListAsync<ReplyEntity>(TableExtensions.PartitionFilter(slug), cancellationToken);
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
