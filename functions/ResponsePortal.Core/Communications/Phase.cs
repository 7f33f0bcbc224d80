namespace ResponsePortal.Communications;

/// <summary>
/// Where a communication stands in its lifecycle. Derived from dates and facts every time it is asked; never stored.
/// Whether and how it was answered is a second dimension, <see cref="ReplyStatus"/>: publication ends the lifecycle
/// but must not hide that a letter closed without reply or was answered late.
/// </summary>
public enum Phase
{
    AwaitingReply,
    DueSoon,
    Closed,
    Published,
}

/// <summary>How a communication was answered, whatever its phase. Derived from its reply facts; never stored.</summary>
public enum ReplyStatus
{
    /// <summary>No reply yet (before the close) or none at all (after it).</summary>
    None,
    OnTime,
    Late,
    /// <summary>Every reply is withheld from publication: the secretariat accepted each one's confidentiality request.</summary>
    Withheld,
}

public static class PhaseNames
{
    public static string ToWire(this Phase phase) => phase switch
    {
        Phase.AwaitingReply => "awaiting-reply",
        Phase.DueSoon => "due-soon",
        Phase.Closed => "closed",
        Phase.Published => "published",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    public static string ToWire(this ReplyStatus status) => status switch
    {
        ReplyStatus.None => "none",
        ReplyStatus.OnTime => "on-time",
        ReplyStatus.Late => "late",
        ReplyStatus.Withheld => "withheld",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? text, out Phase phase) => TryParseWire(text, ToWire, out phase);

    public static bool TryParse(string? text, out ReplyStatus status) => TryParseWire(text, ToWire, out status);

    private static bool TryParseWire<T>(string? text, Func<T, string> wire, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(wire(candidate), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
