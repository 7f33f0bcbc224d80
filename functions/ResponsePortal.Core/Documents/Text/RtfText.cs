using System.Text;

namespace ResponsePortal.Documents.Text;

/// <summary>
/// The plain text of an RTF document: enough of the format to read what a word processor saved (paragraphs, the
/// escapes for accented and Unicode characters), skipping font, colour and style tables, pictures, fields'
/// instructions and every destination marked ignorable. No library for reading RTF is served here; the format's
/// text layer is small (ADR 0305).
/// </summary>
public static class RtfText
{
    /// <summary>Destinations whose content is not the document's text.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "fldinst", "header", "footer", "headerl", "headerr",
        "footerl", "footerr", "listtable", "listoverridetable", "revtbl", "rsidtbl", "xmlnstbl", "themedata", "colorschememapping",
        "datastore", "latentstyles", "generator", "filetbl", "bkmkstart", "bkmkend",
    };

    public static string Read(ReadOnlySpan<byte> rtf)
    {
        var encoding = CodePage(1252);
        var text = new StringBuilder();
        // Per group: whether its content is skipped, and how many characters follow a \u escape (\ucN).
        var stack = new Stack<(bool Skip, int UnicodeSkip)>();
        var skip = false;
        var unicodeSkip = 1;
        var pendingSkip = 0;
        var i = 0;
        while (i < rtf.Length)
        {
            var c = (char)rtf[i];
            switch (c)
            {
                case '{':
                    stack.Push((skip, unicodeSkip));
                    i++;
                    continue;
                case '}':
                    (skip, unicodeSkip) = stack.Count > 0 ? stack.Pop() : (skip, unicodeSkip);
                    i++;
                    continue;
                case '\r' or '\n':
                    i++;
                    continue;
                case '\\':
                    break;
                default:
                    if (pendingSkip > 0)
                    {
                        pendingSkip--;
                    }
                    else if (!skip)
                    {
                        text.Append(encoding.GetString(rtf.Slice(i, 1)));
                    }
                    i++;
                    continue;
            }

            // A control symbol or word after the backslash.
            i++;
            if (i >= rtf.Length)
            {
                break;
            }
            var next = (char)rtf[i];
            if (next == '\'' && i + 2 < rtf.Length)
            {
                // \'hh: one byte in the document's code page.
                if (byte.TryParse(Encoding.ASCII.GetString(rtf.Slice(i + 1, 2)), System.Globalization.NumberStyles.HexNumber, null, out var b))
                {
                    if (pendingSkip > 0)
                    {
                        pendingSkip--;
                    }
                    else if (!skip)
                    {
                        text.Append(encoding.GetString([b]));
                    }
                }
                i += 3;
                continue;
            }
            if (!char.IsAsciiLetter(next))
            {
                // \\ \{ \} are literal; \* marks the group as an ignorable destination; \~ is a non-breaking space.
                if (next == '*')
                {
                    skip = true;
                }
                else if (!skip && next is '\\' or '{' or '}')
                {
                    text.Append(next);
                }
                else if (!skip && next == '~')
                {
                    text.Append(' ');
                }
                i++;
                continue;
            }
            var start = i;
            while (i < rtf.Length && char.IsAsciiLetter((char)rtf[i]))
            {
                i++;
            }
            var word = Encoding.ASCII.GetString(rtf[start..i]);
            int? parameter = null;
            var numberStart = i;
            if (i < rtf.Length && ((char)rtf[i] == '-' || char.IsAsciiDigit((char)rtf[i])))
            {
                i++;
                while (i < rtf.Length && char.IsAsciiDigit((char)rtf[i]))
                {
                    i++;
                }
                if (int.TryParse(Encoding.ASCII.GetString(rtf[numberStart..i]), out var value))
                {
                    parameter = value;
                }
            }
            if (i < rtf.Length && rtf[i] == (byte)' ')
            {
                i++;
            }
            if (word == "bin" && parameter is > 0)
            {
                // Raw binary data of a picture or object: never text.
                i += Math.Min(parameter.Value, rtf.Length - i);
                continue;
            }
            if (Skipped.Contains(word))
            {
                skip = true;
                continue;
            }
            if (skip)
            {
                continue;
            }
            switch (word)
            {
                case "par" or "line" or "sect" or "page" or "row":
                    text.Append('\n').Append(word == "line" ? "" : "\n");
                    break;
                case "tab" or "cell":
                    text.Append(' ');
                    break;
                case "uc" when parameter is { } n:
                    unicodeSkip = Math.Max(0, n);
                    break;
                case "u" when parameter is { } code:
                    text.Append((char)(code < 0 ? code + 65536 : code));
                    pendingSkip = unicodeSkip;
                    break;
                case "ansicpg" when parameter is { } page:
                    encoding = CodePage(page);
                    break;
                case "emdash":
                    text.Append('—');
                    break;
                case "endash":
                    text.Append('–');
                    break;
                case "lquote":
                    text.Append('‘');
                    break;
                case "rquote":
                    text.Append('’');
                    break;
                case "ldblquote":
                    text.Append('“');
                    break;
                case "rdblquote":
                    text.Append('”');
                    break;
                case "bullet":
                    text.Append('•');
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>The ANSI code page a document names (Windows-1252 when it names none or one .NET does not know).</summary>
    private static Encoding CodePage(int page)
        => CodePagesEncodingProvider.Instance.GetEncoding(page) ?? CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;
}
