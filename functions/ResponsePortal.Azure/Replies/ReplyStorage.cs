using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;

namespace ResponsePortal.Azure.Replies;

/// <summary>The replies feature's tables and container (docs/data-model.md, section Replies).</summary>
public static class ReplyStorageNames
{
    public const string RepliesTable = "Replies";
    public const string ConfidentialityDecisionsTable = "ReplyConfidentialityDecisions";
    public const string IdempotencyKeysTable = "ReplyIdempotencyKeys";
    public const string UploadsTable = "ReplyUploads";
    public const string RepliesContainer = "replies";

    public static StorageResources Resources => new([RepliesTable, ConfidentialityDecisionsTable, IdempotencyKeysTable, UploadsTable], [RepliesContainer], []);
}

/// <summary>Every PartitionKey/RowKey formula of the replies feature (mirrored in docs/data-model.md).</summary>
public static class ReplyStorageKeys
{
    /// <summary>Replies: one partition per communication, so all replies to a letter are one partition read.</summary>
    public static (string PartitionKey, string RowKey) Reply(string slug, string replyId) => (slug, replyId);

    /// <summary>
    /// A reply's outbox row: in the reply's partition so both are written in one transaction (ADR 0103). Reply ids are
    /// lower-case hex, so every outbox row sorts after every reply row.
    /// </summary>
    public static (string PartitionKey, string RowKey) Outbox(string slug, string replyId) => (slug, OutboxPrefix + replyId);

    public const string OutboxPrefix = "outbox-";

    /// <summary>Only the reply rows of a communication's partition.</summary>
    public static string RepliesOf(string slug) => TableClient.CreateQueryFilter($"PartitionKey eq {slug} and RowKey lt {OutboxPrefix}");

    /// <summary>Uploads in progress: one small partition, read whole by the janitor (it holds only unfinished uploads).</summary>
    public static (string PartitionKey, string RowKey) Upload(string replyId) => (UploadsPartition, replyId);

    public const string UploadsPartition = "upload";

    /// <summary>The janitor's running totals, shown by the monitoring summary.</summary>
    public static (string PartitionKey, string RowKey) JanitorTotals => ("janitor", "totals");

    /// <summary>Decisions: per communication, one row per decision (reply id, then the instant), so the history stays.</summary>
    public static (string PartitionKey, string RowKey) Decision(string slug, string replyId, DateTimeOffset decidedAt)
        => (slug, $"{replyId}-{decidedAt.UtcTicks:D19}");

    /// <summary>Idempotency keys: per addressee, a hash of slug and key (any client text is safe as a key this way).</summary>
    public static (string PartitionKey, string RowKey) IdempotencyKey(string addresseeId, string slug, string key)
        => (addresseeId, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(slug + "\n" + key))));
}
