using ResponsePortal.Deadlines;
using ResponsePortal.Documents;

namespace ResponsePortal.Communications;

/// <summary>
/// One letter to one addressee. Guards its own state: facts are recorded through methods that refuse what
/// cannot happen; the phase is derived from those facts and the clock.
/// </summary>
public sealed class Communication
{
    public required Reference Reference { get; init; }
    public string Slug => Reference.Slug;
    public required string AddresseeId { get; init; }
    public required string Subject { get; init; }
    public required string Summary { get; init; }
    public required IReadOnlyList<string> Mandates { get; init; }
    public required ReplyWindow Window { get; init; }
    public required StoredDocument Letter { get; init; }
    public StoredDocument? PublicVersion { get; private set; }
    public string? CaseId { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required string RegisteredBy { get; init; }

    public DateTimeOffset? FirstReplyAt { get; private set; }
    public int ReplyCount { get; private set; }

    /// <summary>How many replies the secretariat agreed to keep off the public site (confidentiality accepted).</summary>
    public int WithheldReplyCount { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>The storage version this object was read at; updates are refused if someone else wrote in between.</summary>
    public string? ConcurrencyToken { get; set; }

    public Phase PhaseAt(DateTimeOffset now, TimeSpan dueSoon)
    {
        if (PublishedAt is not null)
        {
            return Phase.Published;
        }
        if (Window.IsClosedAt(now))
        {
            return Phase.Closed;
        }
        return Window.ClosesAt - now <= dueSoon ? Phase.DueSoon : Phase.AwaitingReply;
    }

    public ReplyStatus ReplyStatus => FirstReplyAt switch
    {
        null => ReplyStatus.None,
        _ when WithheldReplyCount >= ReplyCount => ReplyStatus.Withheld,
        { } first when first <= Window.ClosesAt => ReplyStatus.OnTime,
        _ => ReplyStatus.Late,
    };

    public void RecordReply(DateTimeOffset receivedAt)
    {
        if (receivedAt < RegisteredAt)
        {
            throw new InvalidOperationException("A reply cannot be received before its communication was registered.");
        }
        ReplyCount++;
        if (FirstReplyAt is null || receivedAt < FirstReplyAt)
        {
            FirstReplyAt = receivedAt;
        }
    }

    /// <summary>
    /// Sets the reply facts from the replies stored (their received instants). Absolute, not an increment, so doing
    /// it again after a crash or twice at once can only make the count right (ADR 0103).
    /// </summary>
    public void RecordReplies(IReadOnlyCollection<DateTimeOffset> receivedAt)
    {
        if (receivedAt.Any(at => at < RegisteredAt))
        {
            throw new InvalidOperationException("A reply cannot be received before its communication was registered.");
        }
        ReplyCount = receivedAt.Count;
        WithheldReplyCount = Math.Min(WithheldReplyCount, ReplyCount);
        FirstReplyAt = receivedAt.Count == 0 ? null : receivedAt.Min();
    }

    /// <summary>
    /// Sets how many replies are withheld from publication, counted from the replies and their decisions. Absolute, like
    /// <see cref="RecordReplies"/>, so a repeated or concurrent count can only make it right.
    /// </summary>
    public void RecordWithheldReplies(int withheld)
    {
        if (withheld < 0 || withheld > ReplyCount)
        {
            throw new InvalidOperationException($"{withheld} withheld replies is impossible for a communication with {ReplyCount}.");
        }
        WithheldReplyCount = withheld;
    }

    public void RecordPublication(DateTimeOffset publishedAt)
    {
        PublishedAt ??= publishedAt;
    }

    public void AttachPublicVersion(StoredDocument publicVersion)
    {
        if (PublishedAt is not null)
        {
            throw new InvalidOperationException("The public version of a published letter is changed by republishing a correction.");
        }
        PublicVersion = publicVersion;
    }

    /// <summary>Rebuilds a communication from storage with the facts recorded so far.</summary>
    public static Communication Restore(Communication registered, DateTimeOffset? firstReplyAt, int replyCount, DateTimeOffset? publishedAt, StoredDocument? publicVersion, string? concurrencyToken, int withheldReplyCount = 0)
    {
        registered.WithheldReplyCount = withheldReplyCount;
        registered.FirstReplyAt = firstReplyAt;
        registered.ReplyCount = replyCount;
        registered.PublishedAt = publishedAt;
        registered.PublicVersion = publicVersion;
        registered.ConcurrencyToken = concurrencyToken;
        return registered;
    }
}
