namespace ResponsePortal.Replies;

/// <summary>A stored reply with the signed receipt issued for it.</summary>
public sealed record StoredReply(Reply Reply, SignedReceipt Receipt);

public enum ClaimState
{
    /// <summary>The key is ours now: go on and store the reply.</summary>
    Claimed,
    /// <summary>Another request with the same key is storing its reply right now.</summary>
    InProgress,
    /// <summary>A reply was already stored under this key.</summary>
    Completed,
}

public sealed record IdempotencyClaim(ClaimState State, string ReplyId);

/// <summary>Replies, their receipts, confidentiality decisions and idempotency keys.</summary>
public interface IReplyRepository : IReplyReader
{
    /// <summary>
    /// Claims an Idempotency-Key for one reply with a conditional insert, so of two requests that arrive at once
    /// only one stores a reply. A claim left in progress for longer than <paramref name="staleAfter"/> (a crashed
    /// host) may be taken over.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string addresseeId, string slug, string key, string replyId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken);

    Task CompleteClaimAsync(string addresseeId, string slug, string key, string replyId, CancellationToken cancellationToken);

    /// <summary>Gives a key back after a refused or failed upload, so the client can retry with it.</summary>
    Task ReleaseClaimAsync(string addresseeId, string slug, string key, string replyId, CancellationToken cancellationToken);

    /// <summary>Inserts the reply with its receipt; never replaces one.</summary>
    Task AddAsync(Reply reply, SignedReceipt receipt, CancellationToken cancellationToken);

    Task<StoredReply?> FindAsync(string slug, string replyId, CancellationToken cancellationToken);

    /// <summary>Every reply to a communication with its receipt and latest confidentiality decision, oldest first.</summary>
    Task<IReadOnlyList<StoredReply>> ListStoredAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Appends a decision; the latest one counts, earlier ones stay as history.</summary>
    Task AddDecisionAsync(string slug, string replyId, ConfidentialityDecision decision, CancellationToken cancellationToken);
}
