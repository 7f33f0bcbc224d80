using System.Globalization;

namespace ResponsePortal.Reminders;

/// <summary>
/// Notifications travel as reminders do (same queue, log, attempts and dead-letter rules); their kind says which one
/// and names what it is about, so the log's (slug, kind) record is claimed once per reply and per week.
/// </summary>
public static class NotificationKinds
{
    /// <summary>The receipt of a reply, to the addressee's contacts: <c>receipt-{replyId}</c>.</summary>
    public const string ReceiptPrefix = "receipt-";

    /// <summary>A reply received (or received late), to the secretariat: <c>reply-{replyId}</c>.</summary>
    public const string SecretariatReplyPrefix = "reply-";

    /// <summary>The weekly digest to the secretariat: <c>digest-{ISO year}-W{week}</c>, under <see cref="DigestSlug"/>.</summary>
    public const string DigestPrefix = "digest-";

    /// <summary>The digest is about no one letter; its records are kept under this name in the log.</summary>
    public const string DigestSlug = "weekly-digest";

    /// <summary>Who a secretariat notification is "for" in the log's addressee column.</summary>
    public const string Secretariat = "secretariat";

    public static string Receipt(string replyId) => ReceiptPrefix + replyId;

    public static string SecretariatReply(string replyId) => SecretariatReplyPrefix + replyId;

    public static string Digest(DateTimeOffset at)
        => DigestPrefix + ISOWeek.GetYear(at.UtcDateTime).ToString(CultureInfo.InvariantCulture) + "-W" + ISOWeek.GetWeekOfYear(at.UtcDateTime).ToString("00", CultureInfo.InvariantCulture);

    public static bool IsNotification(string kind)
        => kind.StartsWith(ReceiptPrefix, StringComparison.Ordinal) || kind.StartsWith(SecretariatReplyPrefix, StringComparison.Ordinal) || kind.StartsWith(DigestPrefix, StringComparison.Ordinal);

    /// <summary>The reply a receipt or secretariat notification is about; null for the digest.</summary>
    public static string? ReplyIdOf(string kind)
        => kind.StartsWith(ReceiptPrefix, StringComparison.Ordinal) ? kind[ReceiptPrefix.Length..]
        : kind.StartsWith(SecretariatReplyPrefix, StringComparison.Ordinal) ? kind[SecretariatReplyPrefix.Length..]
        : null;
}
