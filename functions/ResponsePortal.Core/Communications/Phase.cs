namespace ResponsePortal.Communications;

/// <summary>Where a communication stands. Derived from dates and facts every time it is asked; never stored.</summary>
public enum Phase
{
    AwaitingReply,
    DueSoon,
    Replied,
    RepliedLate,
    NoReply,
    Published,
}

public static class PhaseNames
{
    public static string ToWire(this Phase phase) => phase switch
    {
        Phase.AwaitingReply => "awaiting-reply",
        Phase.DueSoon => "due-soon",
        Phase.Replied => "replied",
        Phase.RepliedLate => "replied-late",
        Phase.NoReply => "no-reply",
        Phase.Published => "published",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    public static bool TryParse(string? text, out Phase phase)
    {
        foreach (var candidate in Enum.GetValues<Phase>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                phase = candidate;
                return true;
            }
        }
        phase = default;
        return false;
    }
}
