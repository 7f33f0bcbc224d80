using System.Runtime.InteropServices;

namespace ResponsePortal.Publication;

/// <summary>
/// Numbers terms 0, 1, 2, … in the order first met, looked up by a span of the reader's buffer so that a term already
/// numbered costs no string. An open-addressed table of (hash, number) with a hash of whole 8-byte words of the term:
/// a <see cref="Dictionary{TKey, TValue}"/> with a span lookup paid two interface calls and a character-by-character
/// hash for every word of every text, 6% of a full build with the index (issue 14). Not thread-safe: one per
/// <see cref="SearchIndex.Builder"/> part.
/// </summary>
public sealed class TermNumbers
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    private string[] _terms = new string[1024];
    /// <summary>Per slot: the term's hash in the high 32 bits and its number + 1 in the low (0: an empty slot).</summary>
    private ulong[] _slots = new ulong[4096];
    private int _count;

    public int Count => _count;

    public string this[int number] => _terms[number];

    /// <summary>The number of <paramref name="term"/>; <paramref name="added"/> says it was new (and now has the next number).</summary>
    public int NumberOf(ReadOnlySpan<char> term, out bool added)
    {
        var hash = Hash(term);
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                added = true;
                return Add(term, hash, slot);
            }
            if ((uint)(entry >> 32) == hash)
            {
                var number = (int)(uint)entry - 1;
                if (term.SequenceEqual(_terms[number]))
                {
                    added = false;
                    return number;
                }
            }
        }
    }

    private int Add(ReadOnlySpan<char> term, uint hash, int slot)
    {
        var number = _count++;
        if (number == _terms.Length)
        {
            Array.Resize(ref _terms, number * 2);
        }
        _terms[number] = term.ToString();
        _slots[slot] = (ulong)hash << 32 | (uint)(number + 1);
        if (_count * 2 > _slots.Length)
        {
            Grow();
        }
        return number;
    }

    /// <summary>Twice the slots, kept at most half full: the hashes are stored, so no term is hashed again.</summary>
    private void Grow()
    {
        var slots = new ulong[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry == 0)
            {
                continue;
            }
            var slot = (int)((uint)(entry >> 32) & (uint)mask);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry;
        }
        _slots = slots;
    }

    /// <summary>
    /// The term's UTF-16 bytes taken eight at a time (the last eight overlapping the one before when the length is not a
    /// multiple), each mixed in with a multiplication; the high half of the product, where every input bit has reached,
    /// is folded into the 32 bits kept. Never 0 for a term, so it cannot be mistaken for an empty slot.
    /// </summary>
    internal static uint Hash(ReadOnlySpan<char> term)
    {
        var bytes = MemoryMarshal.AsBytes(term);
        var h = (ulong)(uint)term.Length * Multiplier;
        if (bytes.Length >= 8)
        {
            int i = 0;
            for (; i + 8 < bytes.Length; i += 8)
            {
                h = (h ^ MemoryMarshal.Read<ulong>(bytes[i..])) * Multiplier;
                h ^= h >> 29;
            }
            h = (h ^ MemoryMarshal.Read<ulong>(bytes[^8..])) * Multiplier;
        }
        else
        {
            ulong packed = 0;
            foreach (var c in term)
            {
                packed = packed << 16 | c;
            }
            h = (h ^ packed) * Multiplier;
        }
        h ^= h >> 32;
        h *= Multiplier;
        var folded = (uint)(h >> 32);
        return folded == 0 ? 1u : folded;
    }
}
