using System.Security.Cryptography;
using System.Text;
using ResponsePortal.Azure.Storage;

namespace ResponsePortal.Azure.Replies;

/// <summary>The replies feature's tables and container (docs/data-model.md, section Replies).</summary>
public static class ReplyStorageNames
{
    public const string RepliesTable = "Replies";
    public const string ConfidentialityDecisionsTable = "ReplyConfidentialityDecisions";
    public const string IdempotencyKeysTable = "ReplyIdempotencyKeys";
    public const string RepliesContainer = "replies";

    public static StorageResources Resources => new([RepliesTable, ConfidentialityDecisionsTable, IdempotencyKeysTable], [RepliesContainer], []);
}

/// <summary>Every PartitionKey/RowKey formula of the replies feature (mirrored in docs/data-model.md).</summary>
public static class ReplyStorageKeys
{
    /// <summary>Replies: one partition per communication, so all replies to a letter are one partition read.</summary>
    public static (string PartitionKey, string RowKey) Reply(string slug, string replyId) => (slug, replyId);

    /// <summary>Decisions: per communication, one row per decision (reply id, then the instant), so the history stays.</summary>
    public static (string PartitionKey, string RowKey) Decision(string slug, string replyId, DateTimeOffset decidedAt)
        => (slug, $"{replyId}-{decidedAt.UtcTicks:D19}");

    /// <summary>Idempotency keys: per addressee, a hash of slug and key (any client text is safe as a key this way).</summary>
    public static (string PartitionKey, string RowKey) IdempotencyKey(string addresseeId, string slug, string key)
        => (addresseeId, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(slug + "\n" + key))));
}
