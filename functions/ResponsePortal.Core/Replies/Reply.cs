namespace ResponsePortal.Replies;

/// <summary>One file of a reply, stored write-once in the private <c>replies</c> container.</summary>
public sealed record ReplyFile(string BlobName, string FileName, string ContentType, long Size, string Sha256);

/// <summary>The secretariat's decision on a request not to publish a reply.</summary>
public sealed record ConfidentialityDecision(bool Accepted, string DecidedBy, DateTimeOffset DecidedAt, string? Note);

/// <summary>An addressee's request that its reply not be published, with a reason category (shown publicly when accepted) and a reason.</summary>
public sealed record ConfidentialityRequest(string ReasonCategory, string Reason, DateTimeOffset RequestedAt, string RequestedBy, ConfidentialityDecision? Decision)
{
    /// <summary>Only an accepted request keeps a reply off the public site.</summary>
    public bool WithholdsPublication => Decision?.Accepted == true;
}

/// <summary>What an addressee submitted: immutable once recorded, stamped with the server's receipt time.</summary>
public sealed record Reply(
    string Id,
    string Slug,
    string AddresseeId,
    DateTimeOffset ReceivedAt,
    int DaysLate,
    string? Note,
    string? Language,
    IReadOnlyList<ReplyFile> Files,
    ConfidentialityRequest? Confidentiality,
    string ReceiptId,
    string SubmittedBy)
{
    public bool IsLate => DaysLate > 0;
}

/// <summary>Read side of replies, used by publication and monitoring.</summary>
public interface IReplyReader
{
    /// <summary>Every reply to a communication, oldest first.</summary>
    Task<IReadOnlyList<Reply>> ListForCommunicationAsync(string slug, CancellationToken cancellationToken);
}
