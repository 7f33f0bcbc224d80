namespace ResponsePortal.Replies;

/// <summary>A stored reply with the signed receipt issued for it.</summary>
public sealed record StoredReply(Reply Reply, SignedReceipt Receipt);

public enum ClaimState
{
    /// <summary>The key is ours now: go on and store the reply.</summary>
    Claimed,
    /// <summary>Another request with the same key is storing its reply right now (its upload lease is held).</summary>
    InProgress,
    /// <summary>A reply was already stored under this key.</summary>
    Completed,
}

public sealed record IdempotencyClaim(ClaimState State, string ReplyId);

/// <summary>The outbox row written with a reply (ADR 0103): what is still to be done for it, or the mark of an upload given up.</summary>
public enum ReplyOutboxState
{
    /// <summary>No outbox row: the upload never stored its reply and nobody has given it up yet.</summary>
    None,
    /// <summary>The reply is stored; counting, events, the key and a late publication may still be due.</summary>
    Pending,
    /// <summary>The upload was given up (its lease ran out); it can never store its reply now.</summary>
    Abandoned,
}

/// <summary>Replies, their receipts, confidentiality decisions, idempotency keys and uploads in progress.</summary>
public interface IReplyRepository : IReplyReader
{
    /// <summary>Records an upload and its lease before any of its bytes is stored, so the janitor can find it if the host dies.</summary>
    Task StartUploadAsync(UploadInProgress upload, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when the upload's record is gone (finished or given up).</summary>
    Task<bool> RenewUploadAsync(UploadInProgress upload, CancellationToken cancellationToken);

    /// <summary>Removes the upload's record once nothing of it is left to do.</summary>
    Task EndUploadAsync(string replyId, CancellationToken cancellationToken);

    /// <summary>Every upload still recorded (in progress, or left behind by a host that died).</summary>
    Task<IReadOnlyList<UploadInProgress>> ListUploadsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims an Idempotency-Key for one reply with a conditional insert, so of two requests that arrive at once only
    /// one stores a reply. A claim whose upload no longer holds its lease (a host that died) is taken over, after
    /// that upload has been given up so it can never store its reply.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string addresseeId, string slug, string key, string replyId, DateTimeOffset now, CancellationToken cancellationToken);

    Task CompleteClaimAsync(string addresseeId, string slug, string key, string replyId, CancellationToken cancellationToken);

    /// <summary>Gives a key back after a refused or failed upload, so the client can retry with it.</summary>
    Task ReleaseClaimAsync(string addresseeId, string slug, string key, string replyId, CancellationToken cancellationToken);

    /// <summary>
    /// The write that makes a reply exist: the reply with its receipt and its pending outbox row, in one transaction.
    /// False when the upload was given up meanwhile (its outbox row is the abandoned mark); never replaces a reply.
    /// </summary>
    Task<bool> AddAsync(Reply reply, SignedReceipt receipt, string? idempotencyKey, CancellationToken cancellationToken);

    Task<ReplyOutboxState> FindOutboxAsync(string slug, string replyId, CancellationToken cancellationToken);

    /// <summary>Marks an upload as given up unless its reply is stored; answers which of the two it is now.</summary>
    Task<ReplyOutboxState> GiveUpAsync(string slug, string replyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes a pending outbox row once everything that follows from the reply is recorded.</summary>
    Task CompleteOutboxAsync(string slug, string replyId, CancellationToken cancellationToken);

    /// <summary>When each reply to a communication was received: what its count and first reply are derived from.</summary>
    Task<IReadOnlyList<DateTimeOffset>> ListReceivedAtAsync(string slug, CancellationToken cancellationToken);

    Task<StoredReply?> FindAsync(string slug, string replyId, CancellationToken cancellationToken);

    /// <summary>Every reply to a communication with its receipt and latest confidentiality decision, oldest first.</summary>
    Task<IReadOnlyList<StoredReply>> ListStoredAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Appends a decision; the latest one counts, earlier ones stay as history.</summary>
    Task AddDecisionAsync(string slug, string replyId, ConfidentialityDecision decision, CancellationToken cancellationToken);
}

/// <summary>What the reply janitor has done so far, for the monitoring summary.</summary>
public sealed record ReplyJanitorTotals(long RepliesRepaired, long UploadsRemoved, long OrphanFilesRemoved, DateTimeOffset? LastRunAt)
{
    public static readonly ReplyJanitorTotals None = new(0, 0, 0, null);
}

public interface IReplyJanitorLog
{
    Task AddAsync(ReplyJanitorRun run, CancellationToken cancellationToken);

    Task<ReplyJanitorTotals> TotalsAsync(CancellationToken cancellationToken);
}
