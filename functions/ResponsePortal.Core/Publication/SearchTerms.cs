using System.Globalization;
using System.Text;

namespace ResponsePortal.Publication;

/// <summary>
/// The words of the full-text index, normalised the same way for English, French and Spanish: compatibility
/// decomposition, accents and case folded, function words and single letters dropped, and a light suffix
/// stripper that joins plurals and the commonest verb endings. The browser applies the very same rules to the
/// query (<c>web/site/search.js</c>, <c>terms</c>); both are checked against <c>tests/TestData/search-terms.json</c>.
/// Why our own and not Lucene's analyzers: docs/adr/0308-full-text-index.md.
/// </summary>
public static class SearchTerms
{
    /// <summary>Longer runs are not words (hashes, base64, a missing space in a long paste): not indexed.</summary>
    public const int MaxLength = 40;

    /// <summary>
    /// Function words of the three languages, folded. "al" is kept (it is also a type of letter), and words that are
    /// content words in another of the languages ("son", "sin", "mes") too.
    /// </summary>
    private static readonly HashSet<string> Stopwords = new(
        ("the of and to in an is are was were be been that this these those it its for on by with as at or from which not has have had "
        + "would should may will shall their they them there who whom what such also any all into other "
        + "le la les de des du un une et en au aux est sont ce cette ces qui que dans pour sur par pas ne plus il elle ils elles leur leurs "
        + "avec ete etre ou comme dont mais sans lors "
        + "el los las del y que por con para una es se su sus lo como mas pero sobre este esta estos estas entre ha han fue sido ser tambien")
        .Split(' '), StringComparer.Ordinal);

    /// <summary>The terms of a text in order, repeats included (phrases are checked on this sequence).</summary>
    public static List<string> Of(string text)
    {
        var terms = new List<string>();
        ForEach(text, term => terms.Add(term.ToString()));
        return terms;
    }

    /// <summary>Adds the distinct terms of <paramref name="text"/> to <paramref name="terms"/>, allocating a string only for a term not yet in it.</summary>
    public static void AddTo(string text, HashSet<string> terms)
    {
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        ForEach(text, term => lookup.Add(term));
    }

    public delegate void TermAction(ReadOnlySpan<char> term);

    /// <summary>Receives the terms of <see cref="ForEach{TSink}(string, ref TSink)"/>: a struct, so each call is direct and may be inlined.</summary>
    public interface ITermSink
    {
        void Add(ReadOnlySpan<char> term);
    }

    private readonly struct ActionSink(TermAction action) : ITermSink
    {
        public void Add(ReadOnlySpan<char> term) => action(term);
    }

    /// <summary>What a UTF-16 unit is to the word reader, looked up once per unit instead of classified with branches.</summary>
    private enum Unit : byte { Separator, Lower, Upper, Digit, Other }

    private static readonly Unit[] Units = CreateUnits();

    private static Unit[] CreateUnits()
    {
        var units = new Unit[char.MaxValue + 1];
        for (int c = 0; c <= char.MaxValue; c++)
        {
            units[c] = (char)c switch
            {
                >= 'a' and <= 'z' => Unit.Lower,
                >= 'A' and <= 'Z' => Unit.Upper,
                >= '0' and <= '9' => Unit.Digit,
                var u when u >= 128 && IsWordUnit(u) => Unit.Other,
                _ => Unit.Separator,
            };
        }
        return units;
    }

    /// <summary>
    /// Words are read and folded in one pass: an ASCII letter is lower-cased by one range check, any other unit's class
    /// comes from <see cref="Units"/>, and the folded form goes straight into the buffer, so a word is touched once before <see cref="Reduce"/> (reading the words first and
    /// folding them after cost a third more). Same terms as splitting into runs of <see cref="IsWordUnit"/> units and
    /// folding each run; the tests compare the two over random text.
    /// </summary>
    public static void ForEach(string text, TermAction action)
    {
        var sink = new ActionSink(action);
        ForEach(text, ref sink);
    }

    /// <summary>
    /// <see cref="ForEach(string, TermAction)"/> into a struct sink: the index build calls it for every word of every
    /// text, where a delegate call per term could not be inlined (issue 14).
    /// </summary>
    public static void ForEach<TSink>(string text, ref TSink sink) where TSink : struct, ITermSink
    {
        Span<char> buffer = stackalloc char[MaxLength * 4];
        var units = Units;
        // Units of the word read so far, and its folded length: a length past the buffer is counted, not written,
        // and refuses the word like any folded length over MaxLength.
        int read = 0, folded = 0;
        var hasDigit = false;
        for (int i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if ((uint)((c | 0x20) - 'a') <= 'z' - 'a')
            {
                // An ASCII letter, most of any Latin text: lower-cased without the table.
                if (folded < buffer.Length)
                {
                    buffer[folded] = (char)(c | 0x20);
                }
                folded++;
                read++;
                continue;
            }
            var unit = units[c];
            if (unit == Unit.Other)
            {
                var fold = Folded[c] ??= FoldUnit(c);
                if (folded + fold.Length <= buffer.Length)
                {
                    fold.CopyTo(buffer[folded..]);
                }
                folded += fold.Length;
                hasDigit |= HasDigit(fold);
                read++;
            }
            else if (unit != Unit.Separator)
            {
                if (folded < buffer.Length)
                {
                    buffer[folded] = unit == Unit.Upper ? (char)(c | 0x20) : c;
                }
                folded++;
                hasDigit |= unit == Unit.Digit;
                read++;
            }
            else if (read > 0)
            {
                if (read <= MaxLength && folded is > 0 and <= MaxLength && Reduce(buffer[..folded], hasDigit) is { IsEmpty: false } term)
                {
                    sink.Add(term);
                }
                read = 0;
                folded = 0;
                hasDigit = false;
            }
        }
    }

    private static bool HasDigit(string folded)
    {
        foreach (var c in folded)
        {
            if (char.IsAsciiDigit(c) || (c >= 128 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A UTF-16 unit that belongs to a word: a letter, a decimal digit or a combining mark (so decomposed input stays one word).</summary>
    public static bool IsWordUnit(char c)
    {
        if (c < 128)
        {
            return char.IsAsciiLetterOrDigit(c);
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark;
    }

    /// <summary>
    /// Each unit outside ASCII folded: NFKD, combining marks dropped, lower-cased, a few letters without a
    /// decomposition spelled out; what is left that is not a letter or digit is dropped. NFKD maps each code point on
    /// its own and every mark is dropped, so folding a word is folding each of its units: a unit's result is computed
    /// once and kept.
    /// </summary>
    private static readonly string?[] Folded = new string?[char.MaxValue + 1];

    private static string FoldUnit(char unit)
    {
        var folded = new StringBuilder();
        foreach (var d in unit.ToString().Normalize(NormalizationForm.FormKD))
        {
            if (!IsWordUnit(d) || CharUnicodeInfo.GetUnicodeCategory(d) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var c = char.ToLowerInvariant(d);
            folded.Append(c switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ø' => "o",
                'đ' => "d",
                'ł' => "l",
                'ı' => "i",
                _ => c.ToString(),
            });
        }
        return folded.ToString();
    }

    /// <summary>Drops single letters and function words, then strips suffixes from words without digits.</summary>
    private static ReadOnlySpan<char> Reduce(Span<char> word, bool hasDigit)
    {
        if ((word.Length == 1 && !hasDigit) || IsStopword(word))
        {
            return [];
        }
        return hasDigit ? word : Stem(word);
    }

    /// <summary>
    /// Function words are ASCII and at most 8 letters long: packed into a number (7 bits a letter), one is found in a
    /// small open-addressed table with one multiplication and usually one comparison, where a set of strings hashed
    /// and compared the word (a third of the cost of reading a text).
    /// </summary>
    private static bool IsStopword(ReadOnlySpan<char> word)
    {
        if (word.Length > 8)
        {
            return false;
        }
        ulong key = 0;
        foreach (var c in word)
        {
            if (c >= 128)
            {
                return false;
            }
            key = key << 7 | c;
        }
        var table = StopwordTable;
        for (var slot = Slot(key); ; slot = (slot + 1) & (table.Length - 1))
        {
            if (table[slot] == key)
            {
                return true;
            }
            if (table[slot] == 0)
            {
                return false;
            }
        }
    }

    private static int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 55);

    private static readonly ulong[] StopwordTable = CreateStopwordTable();

    private static ulong[] CreateStopwordTable()
    {
        var table = new ulong[512];
        foreach (var word in Stopwords)
        {
            if (word.Length > 8 || !Ascii.IsValid(word))
            {
                throw new InvalidOperationException($"Function word \"{word}\" is longer than 8 letters or not ASCII: IsStopword cannot pack it.");
            }
            var key = word.Aggregate(0UL, (k, c) => k << 7 | c);
            var slot = Slot(key);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & (table.Length - 1);
            }
            table[slot] = key;
        }
        return table;
    }

    /// <summary>
    /// Plurals (-ies → -y, French -aux → -al, -s but not -ss/-us/-is), then -ing and -ed, then every final e: so
    /// rights/right, countries/country, abuse/abused/abusing, arrêté/arrêtées, mujer/mujeres, nación/naciones meet.
    /// Length guards keep short words whole. The JavaScript port must match it rule for rule.
    /// </summary>
    private static Span<char> Stem(Span<char> w)
    {
        if (w.Length > 4 && w.EndsWith("ies"))
        {
            w[^3] = 'y';
            w = w[..^2];
        }
        else if (w.Length > 4 && w.EndsWith("aux"))
        {
            w[^2] = 'l';
            w = w[..^1];
        }
        else if (w.Length > 3 && w[^1] == 's' && !w.EndsWith("ss") && !w.EndsWith("us") && !w.EndsWith("is"))
        {
            w = w[..^1];
        }
        if (w.Length > 6 && w.EndsWith("ing"))
        {
            w = w[..^3];
        }
        else if (w.Length > 5 && w.EndsWith("ed"))
        {
            w = w[..^2];
        }
        while (w.Length > 4 && w[^1] == 'e')
        {
            w = w[..^1];
        }
        return w;
    }
}
