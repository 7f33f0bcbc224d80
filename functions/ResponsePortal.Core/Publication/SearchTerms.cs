using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>
    /// Receives every word as read and folded, before function words and single letters are dropped and suffixes
    /// stripped (<see cref="Reduce"/>, which the sink applies or looks up): the index build keeps each word's outcome,
    /// so a word met again is not reduced and numbered again.
    /// </summary>
    public interface IWordSink
    {
        /// <summary>
        /// One word: its folded units and whether any is a digit; when the folded word is at most
        /// <see cref="WordTerms.MaxPacked"/> ASCII letters and digits, its packed keys (<see cref="WordTerms.TryPack"/>),
        /// packed as it was read, otherwise <paramref name="low"/> is 0.
        /// </summary>
        void Word(Span<char> folded, bool hasDigit, ulong low, ulong high);

        /// <summary>
        /// Asked first for a word of ASCII letters (of up to <see cref="WordTerms.MaxPacked"/>), before it is lower-cased
        /// into a buffer: true when the sink knows the word by its keys alone and has taken it; otherwise
        /// <see cref="Word"/> follows.
        /// </summary>
        bool Known(ulong low, ulong high);
    }

    /// <summary>Words reduced to terms for an <see cref="ITermSink"/>.</summary>
    private struct Reducing<TSink>(TSink sink) : IWordSink where TSink : struct, ITermSink
    {
        public TSink Sink = sink;

        public void Word(Span<char> folded, bool hasDigit, ulong low, ulong high)
        {
            if (Reduce(folded, hasDigit) is { IsEmpty: false } term)
            {
                Sink.Add(term);
            }
        }

        public bool Known(ulong low, ulong high) => false;
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
    /// The terms of <paramref name="text"/>: its words as <see cref="ForEachWord{TSink}"/> reads and folds them, each
    /// reduced (<see cref="Reduce"/>). Same terms as splitting into runs of <see cref="IsWordUnit"/> units and folding
    /// each run; the tests compare the two over random text.
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
        var reducing = new Reducing<TSink>(sink);
        ForEachWord(text, ref reducing);
        sink = reducing.Sink;
    }

    /// <summary>
    /// The words of <paramref name="text"/> read and folded, not yet reduced: a word longer than <see cref="MaxLength"/>
    /// (read or folded) is not given. <see cref="Reduce"/> of each gives <see cref="ForEach{TSink}(string, ref TSink)"/>'s terms.
    /// A word of fewer than 16 ASCII letters followed by a separator (most words of a Latin-script text) is measured and
    /// packed from the sixteen units it starts with vector compares and shifts, no branch per letter; a longer one, or
    /// one near the text's end, by a tight loop; any other word (digits, accents, other scripts) by
    /// <see cref="ReadWord"/>, one unit at a time. One loop for every word kept half its state on the stack (issue 14).
    /// </summary>
    public static void ForEachWord<TSink>(string text, ref TSink sink) where TSink : struct, IWordSink
    {
        Span<char> buffer = stackalloc char[MaxLength * 4];
        var units = Units;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsAsciiLetter(c))
            {
                if (units[c] == Unit.Separator)
                {
                    i++;
                    continue;
                }
                i = ReadWord(text, i, buffer, ref sink);
                continue;
            }
            var start = i;
            ulong low, high;
            if (Vector128.IsHardwareAccelerated && i + 16 <= text.Length && ShortWord(text, i, out low, out high) is var length16 and < 16)
            {
                // Its length and keys from the sixteen units it starts, with no branch per letter.
                i += length16;
                if (units[text[i]] != Unit.Separator)
                {
                    i = ReadWord(text, start, buffer, ref sink);
                    continue;
                }
                if (sink.Known(low, high))
                {
                    continue;
                }
                var shortWord = buffer[..length16];
                for (int k = 0; k < shortWord.Length; k++)
                {
                    shortWord[k] = (char)(text[start + k] | 0x20);
                }
                sink.Word(shortWord, false, low, high);
                continue;
            }
            (low, high) = (0, 0);
            do
            {
                var code = (uint)(c | 0x20) - ('a' - 1);
                Pack(code, i - start, ref low, ref high);
                i++;
            }
            while (i < text.Length && IsAsciiLetter(c = text[i]));
            if (i < text.Length && units[c] != Unit.Separator)
            {
                // A digit or a unit outside ASCII goes on the word: read it whole the general way.
                i = ReadWord(text, start, buffer, ref sink);
                continue;
            }
            var length = i - start;
            if (length > MaxLength)
            {
                continue;
            }
            var packed = length <= WordTerms.MaxPacked;
            if (packed && sink.Known(low, high))
            {
                continue;
            }
            var word = buffer[..length];
            for (int k = 0; k < word.Length; k++)
            {
                word[k] = (char)(text[start + k] | 0x20);
            }
            sink.Word(word, false, packed ? low : 0, packed ? high : 0);
        }
    }

    private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>
    /// How many ASCII letters <paramref name="text"/> has from <paramref name="start"/> on, counted up to 16 (the caller
    /// makes sure 16 units are there), and when fewer, their packed keys (<see cref="WordTerms.TryPack"/>): each unit's
    /// code narrowed to a byte, the eight 6-bit codes of a 64-bit half moved together in three shift-and-mask steps,
    /// then cut to the word's length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortWord(string text, int start, out ulong low, out ulong high)
    {
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text.AsSpan()));
        // A letter's code is 1 for a or A to 26 for z or Z once 0x20 is set; any other unit's is outside 1–26.
        var lower = Vector128.Create((ushort)0x20);
        var codeOfA = Vector128.Create((ushort)('a' - 1));
        var a = (Vector128.LoadUnsafe(ref first, (nuint)start) | lower) - codeOfA;
        var b = (Vector128.LoadUnsafe(ref first, (nuint)start + 8) | lower) - codeOfA;
        var last = Vector128.Create((ushort)('z' - 'a'));
        var letters = Vector128.LessThanOrEqual(a - Vector128<ushort>.One, last).ExtractMostSignificantBits()
            | Vector128.LessThanOrEqual(b - Vector128<ushort>.One, last).ExtractMostSignificantBits() << 8;
        var length = BitOperations.TrailingZeroCount(~letters);
        var codes = Vector128.Narrow(a, b).AsUInt64();
        var firstEight = Packed(codes.GetElement(0)) & ((1UL << (6 * Math.Min(length, 8))) - 1);
        var rest = Packed(codes.GetElement(1)) & ((1UL << (6 * Math.Clamp(length - 8, 0, 8))) - 1);
        low = firstEight | (rest & 0xFFF) << 48;
        high = rest >> 12;
        return length;
    }

    /// <summary>Eight bytes' low six bits side by side: byte k's at bits 6k to 6k + 5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Packed(ulong bytes)
    {
        bytes &= 0x3F3F3F3F3F3F3F3FUL;
        bytes = (bytes & 0x003F003F003F003FUL) | ((bytes >> 2) & 0x0FC00FC00FC00FC0UL);
        bytes = (bytes & 0x00000FFF00000FFFUL) | ((bytes >> 4) & 0x00FFF00000FFF000UL);
        return (bytes & 0xFFFFFFUL) | ((bytes >> 8) & 0xFFFFFF000000UL);
    }

    /// <summary>
    /// Reads the word that starts at <paramref name="start"/> one unit at a time (any unit outside ASCII folded through
    /// <see cref="Folded"/>), gives it to the sink and returns where it ends: the general path of <see cref="ForEachWord"/>.
    /// </summary>
    private static int ReadWord<TSink>(string text, int start, Span<char> buffer, ref TSink sink) where TSink : struct, IWordSink
    {
        var units = Units;
        // Units of the word read so far, and its folded length: a length past the buffer is counted, not written,
        // and refuses the word like any folded length over MaxLength.
        int read = 0, folded = 0;
        var hasDigit = false;
        ulong low = 0, high = 0;
        var packable = true;
        var i = start;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (IsAsciiLetter(c))
            {
                if (folded < buffer.Length)
                {
                    buffer[folded] = (char)(c | 0x20);
                }
                Pack((uint)(c | 0x20) - ('a' - 1), folded++, ref low, ref high);
                read++;
                continue;
            }
            var unit = units[c];
            if (unit == Unit.Separator)
            {
                break;
            }
            if (unit == Unit.Other)
            {
                var fold = Folded[c] ??= FoldUnit(c);
                if (folded + fold.Length <= buffer.Length)
                {
                    fold.CopyTo(buffer[folded..]);
                }
                foreach (var f in fold)
                {
                    var code = WordTerms.CodeOf(f);
                    packable &= code != 0;
                    Pack(code, folded++, ref low, ref high);
                }
                hasDigit |= HasDigit(fold);
            }
            else
            {
                // An ASCII digit (letters are taken above).
                if (folded < buffer.Length)
                {
                    buffer[folded] = c;
                }
                Pack(WordTerms.CodeOf(c), folded++, ref low, ref high);
                hasDigit = true;
            }
            read++;
        }
        if (read <= MaxLength && folded is > 0 and <= MaxLength)
        {
            var packed = packable && folded <= WordTerms.MaxPacked;
            sink.Word(buffer[..folded], hasDigit, packed ? low : 0, packed ? high : 0);
        }
        return i;
    }

    /// <summary>
    /// A unit's code into the key its place goes to (<see cref="WordTerms.TryPack"/>): place k &lt; 10 at bits 6k of
    /// <paramref name="low"/>, the next ten in <paramref name="high"/>. Places past 20 write bits no packed word uses.
    /// </summary>
    private static void Pack(uint code, int at, ref ulong low, ref ulong high)
    {
        if (at < 10)
        {
            low |= (ulong)code << (6 * at);
        }
        else
        {
            high |= (ulong)code << (6 * (at - 10));
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

    /// <summary>
    /// A folded word's term: empty for single letters and function words, the word with its suffixes stripped when it
    /// has no digit (in place: the word's span is changed).
    /// </summary>
    public static ReadOnlySpan<char> Reduce(Span<char> word, bool hasDigit)
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
