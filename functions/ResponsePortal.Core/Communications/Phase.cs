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

/// <summary>
/// A <see cref="ReplyStatus"/> in JSON as its wire name ("on-time"), whatever the serializer's enum policy: data that
/// is published (a report's <c>report.json</c>) keeps the words the API and the CSVs use.
/// </summary>
public sealed class ReplyStatusJsonConverter : System.Text.Json.Serialization.JsonConverter<ReplyStatus>
{
    public override ReplyStatus Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => PhaseNames.TryParse(reader.GetString(), out ReplyStatus status) ? status : throw new System.Text.Json.JsonException($"\"{reader.GetString()}\" is not a reply status.");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, ReplyStatus value, System.Text.Json.JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToWire());
}
