using System.Numerics;

namespace ResponsePortal.Publication;

/// <summary>
/// What each folded word met so far gave: the number of its term, or -1 when it gives none (a function word, a single
/// letter). A word of up to 20 ASCII letters and digits, nearly every word of a Latin-script text once folded, is
/// packed into two 64-bit keys, 6 bits a character, so a word met again costs a probe and two integer comparisons
/// (a second probe for a word first met after the first 4,096, see <see cref="FrontWords"/>): no function-word check,
/// no suffix stripping and no second hash and string comparison in <see cref="TermNumbers"/>,
/// which together were half of the index's cost in a full build (issue 14). Not thread-safe: one per index part.
/// </summary>
public sealed class WordTerms
{
    public const int MaxPacked = 20;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>Per ASCII unit its 6-bit code (a–z 1–26, 0–9 27–36); 0 for a unit that cannot be packed.</summary>
    private static readonly byte[] Codes = CreateCodes();

    /// <summary>
    /// The first words met, in a table that never grows (192 KB): in a Zipf-distributed text they include nearly all
    /// the frequent ones, which then sit together on a few dozen memory pages instead of being spread over a table of
    /// megabytes (130,000 words at 20,000 communications), one word a page, where most lookups also missed the TLB.
    /// </summary>
    private const int FrontWords = 4096;
    private readonly Entry[] _front = new Entry[FrontWords * 2];
    /// <summary>Every later word (mostly rare ones: names, numbers), in a table that doubles when half full.</summary>
    private Entry[] _back = new Entry[4096];
    private int _count;

    private struct Entry
    {
        public ulong Low;
        public ulong High;
        public int Term;
    }

    public int Count => _count;

    private static byte[] CreateCodes()
    {
        var codes = new byte[128];
        for (var c = 'a'; c <= 'z'; c++)
        {
            codes[c] = (byte)(c - 'a' + 1);
        }
        for (var c = '0'; c <= '9'; c++)
        {
            codes[c] = (byte)(c - '0' + 27);
        }
        return codes;
    }

    /// <summary>
    /// The word's two keys: character k of its first ten at bits 6k of <paramref name="low"/>, the next ten likewise
    /// in <paramref name="high"/> (first characters lowest, so that the reader packs eight at a time with shifts and
    /// masks). Every code is non-zero, so different words (of any lengths) have different keys and
    /// <paramref name="low"/> is never 0 (the mark of an empty slot). False for a longer word or one with another character.
    /// </summary>
    public static bool TryPack(ReadOnlySpan<char> word, out ulong low, out ulong high)
    {
        low = 0;
        high = 0;
        if (word.IsEmpty || word.Length > MaxPacked)
        {
            return false;
        }
        for (int i = 0; i < word.Length; i++)
        {
            var code = CodeOf(word[i]);
            if (code == 0)
            {
                return false;
            }
            if (i < 10)
            {
                low |= (ulong)code << (6 * i);
            }
            else
            {
                high |= (ulong)code << (6 * (i - 10));
            }
        }
        return true;
    }

    /// <summary>A folded unit's 6-bit code, or 0 when it cannot be packed.</summary>
    public static uint CodeOf(char unit) => unit < 128 ? Codes[unit] : 0u;

    /// <summary>The term number kept for the packed word, or false when it was never met.</summary>
    public bool TryGet(ulong low, ulong high, out int term)
    {
        return Find(_front, low, high, out term) || (_count > FrontWords && Find(_back, low, high, out term));
    }

    private static bool Find(Entry[] entries, ulong low, ulong high, out int term)
    {
        var mask = entries.Length - 1;
        for (var slot = SlotOf(low, high, mask); ; slot = (slot + 1) & mask)
        {
            ref var entry = ref entries[slot];
            if (entry.Low == low && entry.High == high)
            {
                term = entry.Term;
                return true;
            }
            if (entry.Low == 0)
            {
                term = 0;
                return false;
            }
        }
    }

    /// <summary>Keeps what a packed word not met before gives.</summary>
    public void Add(ulong low, ulong high, int term)
    {
        if (_count++ < FrontWords)
        {
            Insert(_front, low, high, term);
            return;
        }
        Insert(_back, low, high, term);
        if ((_count - FrontWords) * 2 > _back.Length)
        {
            var entries = new Entry[_back.Length * 2];
            foreach (var entry in _back)
            {
                if (entry.Low != 0)
                {
                    Insert(entries, entry.Low, entry.High, entry.Term);
                }
            }
            _back = entries;
        }
    }

    private static void Insert(Entry[] entries, ulong low, ulong high, int term)
    {
        var mask = entries.Length - 1;
        var slot = SlotOf(low, high, mask);
        while (entries[slot].Low != 0)
        {
            slot = (slot + 1) & mask;
        }
        entries[slot] = new Entry { Low = low, High = high, Term = term };
    }

    /// <summary>
    /// The slot from the product's top bits, where every bit of both keys has reached: the bits below them miss the
    /// letters packed highest (a word's tenth, its twentieth), and words that differ only there would all meet in a few slots.
    /// </summary>
    private static int SlotOf(ulong low, ulong high, int mask)
    {
        var h = (low ^ high * Multiplier) * Multiplier;
        return (int)(h >> (64 - BitOperations.PopCount((uint)mask)));
    }
}
