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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopwordLookup = Stopwords.GetAlternateLookup<ReadOnlySpan<char>>();

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

    private delegate void TermAction(ReadOnlySpan<char> term);

    private static void ForEach(string text, TermAction action)
    {
        Span<char> buffer = stackalloc char[MaxLength * 4];
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsWordUnit(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }
                continue;
            }
            if (start < 0)
            {
                continue;
            }
            var word = text.AsSpan(start, i - start);
            start = -1;
            if (word.Length > MaxLength)
            {
                continue;
            }
            var length = Fold(word, buffer);
            if (length <= 0)
            {
                continue;
            }
            var term = Reduce(buffer[..length]);
            if (!term.IsEmpty)
            {
                action(term);
            }
        }
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
    /// NFKD, combining marks dropped, each unit lower-cased, a few letters without a decomposition spelled out; what is
    /// left that is not a letter or digit is dropped. NFKD maps each code point on its own and every mark is dropped,
    /// so folding a word is folding each of its units: the result per unit is computed once and kept.
    /// </summary>
    private static int Fold(ReadOnlySpan<char> word, Span<char> into)
    {
        int n = 0;
        foreach (var c in word)
        {
            if (c < 128)
            {
                into[n++] = char.ToLowerInvariant(c);
                continue;
            }
            var folded = Folded[c] ??= FoldUnit(c);
            if (n + folded.Length > into.Length)
            {
                return -1;
            }
            folded.CopyTo(into[n..]);
            n += folded.Length;
        }
        return n > MaxLength ? -1 : n;
    }

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
    private static ReadOnlySpan<char> Reduce(Span<char> word)
    {
        var hasDigit = false;
        foreach (var c in word)
        {
            hasDigit |= char.IsAsciiDigit(c) || (c >= 128 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber);
        }
        if ((word.Length == 1 && !hasDigit) || StopwordLookup.Contains(word))
        {
            return [];
        }
        return hasDigit ? word : Stem(word);
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
