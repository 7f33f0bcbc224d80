using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace ResponsePortal.Common;

/// <summary>Whether a piece of text may hold line breaks: a name or a subject may not, a summary or a note may.</summary>
public enum TextKind
{
    SingleLine,
    MultiLine,
}

/// <summary>
/// The characters people's text may hold, for every endpoint and for intake (docs/validation.md). Control characters
/// (NUL and the rest of C0 and C1, DEL) break XML, mail headers and CSV downstream, and bidirectional overrides and
/// isolates make text display differently from what it is ("reply\u202Etxt.exe" shows as "replyexe.txt"); both are
/// refused rather than silently removed, so what is stored is exactly what was sent. Tab, CR and LF are allowed
/// in multi-line text only.
/// </summary>
public static class TextRules
{
    /// <summary>Null when <paramref name="text"/> holds only allowed characters, otherwise why not, as a sentence's end.</summary>
    public static string? Refusal(string text, TextKind kind)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (c is '\t' or '\r' or '\n')
            {
                if (kind == TextKind.MultiLine)
                {
                    continue;
                }
                return $"contains a {(c == '\t' ? "tab" : "line break")} (U+{(int)c:X4}) at position {i + 1}; it must be one line.";
            }
            if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4} at position {i + 1}; control characters are not allowed.";
            }
            if (IsBidiControl(c))
            {
                return $"contains the invisible direction control U+{(int)c:X4} at position {i + 1}; bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make text read differently from what it is.";
            }
            if (c is '\u2028' or '\u2029' && kind == TextKind.SingleLine)
            {
                return $"contains a line separator (U+{(int)c:X4}) at position {i + 1}; it must be one line.";
            }
            if (char.IsSurrogate(c))
            {
                return $"contains an unpaired surrogate (U+{(int)c:X4}) at position {i + 1}, which is not a character.";
            }
            if (c is '\uFFFE' or '\uFFFF')
            {
                return $"contains U+{(int)c:X4} at position {i + 1}, which is not a character.";
            }
        }
        return null;
    }

    /// <summary>Text fit to quote in an error message: at most 100 characters, control and direction characters shown as their codes.</summary>
    public static string Shown(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > 100 ? text[..100] : text)
        {
            shown.Append(char.IsControl(c) || IsBidiControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' ? $"<U+{(int)c:X4}>" : c.ToString());
        }
        return text.Length > 100 ? shown.Append('…').ToString() : shown.ToString();
    }

    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>Adds "{label} {reason}" under <paramref name="field"/> when the text breaks the rules; true when it is fine.</summary>
    public static bool Check(this ValidationErrors errors, string field, string label, string? text, TextKind kind)
    {
        if (text is null || Refusal(text, kind) is not { } reason)
        {
            return true;
        }
        errors.Add(field, $"{label} {reason}");
        return false;
    }
}

/// <summary>
/// Ids that become Table Storage keys or URL segments (addressee ids, slugs, reply ids, user ids, e-mail addresses).
/// The service refuses keys with '/', '\\', '#', '?' or control characters and keys over 1 KiB; an id that breaks
/// these rules cannot name anything stored, so a look-up answers "not found" without asking storage.
/// </summary>
public static class StorageIds
{
    public const int MaxLength = 255;

    public static bool CanBeKey(string? id)
        => !string.IsNullOrEmpty(id) && id.Length <= MaxLength
           && id.AsSpan().IndexOfAny("/\\#?") < 0
           && TextRules.Refusal(id, TextKind.SingleLine) is null;
}

/// <summary>E-mail addresses that receive reminders: one plain address, no display name, nothing invisible.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>The address in lower case, or null with the reason it is refused.</summary>
    public static string? Normalize(string? text, out string? refusal)
    {
        if (string.IsNullOrEmpty(text))
        {
            refusal = "An e-mail address is required.";
            return null;
        }
        if (TextRules.Refusal(text, TextKind.SingleLine) is { } reason)
        {
            refusal = "The e-mail address " + reason;
            return null;
        }
        if (text.Length > MaxLength || !MailAddress.TryCreate(text, out var address) || address.Address != text || address.DisplayName.Length > 0)
        {
            refusal = $"\"{TextRules.Shown(text)}\" is not an e-mail address.";
            return null;
        }
        if (!StorageIds.CanBeKey(text))
        {
            refusal = $"\"{TextRules.Shown(text)}\" cannot be used: an address with /, \\, # or ? is not accepted.";
            return null;
        }
        refusal = null;
        return text.ToLowerInvariant();
    }
}

/// <summary>File names as people gave them: the text rules of a single line apply, path parts are dropped later for display.</summary>
public static class FileNameRules
{
    public static string? Refusal(string? fileName)
        => fileName is null ? null : TextRules.Refusal(fileName, TextKind.SingleLine) is { } reason ? $"The file name \"{TextRules.Shown(fileName)}\" {reason}" : null;

}

/// <summary>Calendar dates people give (the day a letter was sent): inside a range a real letter can have.</summary>
public static class SaneDates
{
    /// <summary>No letter handled by the portal predates 1990 (the references' year rule says the same).</summary>
    public static readonly DateOnly Earliest = new(1990, 1, 1);

    /// <summary>A year after today: far enough for a date set in advance, near enough to catch a mistyped year.</summary>
    public static DateOnly Latest(DateOnly today) => today.AddYears(1);

    /// <summary>The date, or null with the reason it is refused.</summary>
    public static DateOnly? Parse(string? text, DateOnly today, out string? refusal)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            refusal = "Give the date as yyyy-MM-dd.";
            return null;
        }
        if (date < Earliest || date > Latest(today))
        {
            refusal = $"{date:yyyy-MM-dd} is outside the dates the portal accepts ({Earliest:yyyy-MM-dd} to {Latest(today):yyyy-MM-dd}, a year after today).";
            return null;
        }
        refusal = null;
        return date;
    }
}

/// <summary>Text that arrives as bytes (JSON bodies and form fields) must be valid UTF-8; nothing is silently replaced.</summary>
public static class StrictUtf8
{
    private static readonly UTF8Encoding Throwing = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Null when the bytes are valid UTF-8, otherwise why not, naming <paramref name="what"/>.</summary>
    public static string? Refusal(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            Throwing.GetCharCount(bytes);
            return null;
        }
        catch (DecoderFallbackException ex)
        {
            return $"The {what} is not valid UTF-8 (invalid byte at offset {Math.Max(ex.Index, 0):N0}); send text encoded as UTF-8.";
        }
    }

    public static string Decode(ReadOnlySpan<byte> bytes) => Throwing.GetString(bytes);
}
