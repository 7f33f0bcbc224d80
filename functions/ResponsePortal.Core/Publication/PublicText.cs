using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResponsePortal.Publication;

/// <summary>
/// Makes what people wrote safe for every format of the public site. Input validation refuses these characters at
/// the API, but records stored earlier (or by another path) may still hold them, and one NUL reaching the Atom
/// writer once stopped every later publication. So text is cleaned where it enters the site model:
/// <see cref="PublishedRecordFactory.Create"/> for stored facts, <see cref="JsonConverter"/> for the site's own data
/// read back from <c>$web</c>.
/// </summary>
public static class PublicText
{
    /// <summary>Shown instead of a removed character, so a reader sees that something was there.</summary>
    public const char Replacement = '\uFFFD';

    // XML 1.0 forbids C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF; C1 controls are discouraged and
    // invisible; bidi overrides and isolates can make "reply\u202Etxt.exe" read as "replyexe.txt".
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not (0x09 or 0x0A or 0x0D)).Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFFFE\uFFFF");

    /// <summary>The text with every unsafe character and every lone surrogate replaced by U+FFFD.</summary>
    public static string Clean(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(Unsafe) < 0 && !HasSurrogate(span))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        var replaced = false;
        for (int i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                clean.Append(c).Append(span[++i]);
            }
            else if (char.IsSurrogate(c) || Unsafe.Contains(c))
            {
                clean.Append(Replacement);
                replaced = true;
            }
            else
            {
                clean.Append(c);
            }
        }
        // Well-formed pairs (emoji) are fine: the same instance comes back when nothing was replaced.
        return replaced ? clean.ToString() : text;
    }

    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    public static bool IsClean(string text) => ReferenceEquals(Clean(text), text);

    private static bool HasSurrogate(ReadOnlySpan<char> span) => span.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    /// <summary>Cleans every string read from the site's JSON (chunks, records, the directory) written before text was cleaned.</summary>
    public sealed class JsonConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.GetString() is { } text ? Clean(text) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Clean(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }
}
