using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class TermNumbersTests
{
    [Fact]
    public void Terms_are_numbered_in_the_order_first_met_and_keep_their_number()
    {
        var numbers = new TermNumbers();
        Assert.Equal(0, numbers.NumberOf("girls", out var added));
        Assert.True(added);
        Assert.Equal(1, numbers.NumberOf("instagram".AsSpan(), out added));
        Assert.True(added);
        Assert.Equal(0, numbers.NumberOf("xgirlsx".AsSpan(1, 5), out added));
        Assert.False(added);
        Assert.Equal(2, numbers.Count);
        Assert.Equal("instagram", numbers[1]);
    }

    /// <summary>
    /// Against a dictionary over many terms of every length the reader gives (1–40 units, past several growths of the
    /// table), including terms that differ in one unit only or share their last eight bytes, where hashes of whole
    /// words could meet.
    /// </summary>
    [Fact]
    public void Many_terms_of_every_length_get_the_numbers_a_dictionary_gives()
    {
        var random = new Random(2026);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbers = new TermNumbers();
        var stem = new string('a', 40);
        for (int i = 0; i < 200_000; i++)
        {
            var term = (i % 4) switch
            {
                0 => new string(Enumerable.Range(0, 1 + random.Next(40)).Select(_ => (char)('a' + random.Next(26))).ToArray()),
                1 => stem[..(1 + random.Next(39))] + (char)('a' + random.Next(26)),
                2 => (char)('a' + random.Next(26)) + "bcdefghij",
                _ => new string(Enumerable.Range(0, 1 + random.Next(12)).Select(_ => (char)('à' + random.Next(30))).ToArray()),
            };
            if (!expected.TryGetValue(term, out var number))
            {
                number = expected.Count;
                expected[term] = number;
            }
            Assert.Equal(number, numbers.NumberOf(term, out _));
        }
        Assert.Equal(expected.Count, numbers.Count);
        Assert.All(expected, pair => Assert.Equal(pair.Key, numbers[pair.Value]));
    }
}
