using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class WordTermsTests
{
    /// <summary>
    /// Every word over a, z and 9 up to eight units (9,840: more than the table's front holds, so later words go to its
    /// back), and long words of 9–11 and 19–20 units differing in one place.
    /// </summary>
    private static IEnumerable<string> Words()
    {
        IEnumerable<string> all = [""];
        for (int length = 1; length <= 8; length++)
        {
            all = all.SelectMany(w => new[] { w + "a", w + "z", w + "9" }).ToList();
            foreach (var word in all)
            {
                yield return word;
            }
        }
        foreach (var length in new[] { 9, 10, 11, 19, 20 })
        {
            for (int at = 0; at < length; at++)
            {
                var units = Enumerable.Repeat('m', length).ToArray();
                yield return new string(units);
                units[at] = 'n';
                yield return new string(units);
            }
        }
    }

    [Fact]
    public void Different_words_have_different_keys_and_only_words_of_up_to_twenty_ascii_letters_and_digits_are_packed()
    {
        var keys = new Dictionary<(ulong, ulong), string>();
        foreach (var word in Words().Distinct())
        {
            Assert.True(WordTerms.TryPack(word, out var low, out var high), word);
            Assert.NotEqual(0UL, low);
            Assert.True(keys.TryAdd((low, high), word), $"{word} and {keys.GetValueOrDefault((low, high))} share a key");
        }
        Assert.False(WordTerms.TryPack(new string('a', 21), out _, out _));
        Assert.False(WordTerms.TryPack("", out _, out _));
        Assert.False(WordTerms.TryPack("enquête", out _, out _));
        Assert.False(WordTerms.TryPack("Rights", out _, out _));
    }

    [Fact]
    public void A_packed_word_keeps_its_term_in_the_front_or_the_growing_back_and_an_unknown_word_is_not_found()
    {
        var words = new WordTerms();
        var all = Words().Distinct().ToList();
        for (int i = 0; i < all.Count; i++)
        {
            WordTerms.TryPack(all[i], out var low, out var high);
            Assert.False(words.TryGet(low, high, out _));
            words.Add(low, high, i % 7 == 0 ? -1 : i);
        }
        for (int i = 0; i < all.Count; i++)
        {
            WordTerms.TryPack(all[i], out var low, out var high);
            Assert.True(words.TryGet(low, high, out var term));
            Assert.Equal(i % 7 == 0 ? -1 : i, term);
        }
        Assert.Equal(all.Count, words.Count);
    }

    private struct Collect : SearchTerms.IWordSink
    {
        public List<(string Folded, ulong Low, ulong High)> Words;

        public void Word(Span<char> folded, bool hasDigit, ulong low, ulong high) => Words.Add((folded.ToString(), low, high));

        public bool Known(ulong low, ulong high) => false;
    }

    /// <summary>
    /// The reader packs a word as it reads it (<see cref="SearchTerms.ForEachWord{TSink}"/>): over text with letters of
    /// every class it tells apart, its keys are <see cref="WordTerms.TryPack"/>'s of the folded word, or none.
    /// </summary>
    [Fact]
    public void The_reader_gives_each_word_the_keys_of_its_folded_form()
    {
        const string alphabet = "aAzZsSeEdg09 ,.-'\téÉçÇñßæŒøđłıİ\u0301\u0308ﬁ①²٣ΣσςЖж中\uD83D\uDE00\uFDFA";
        var random = new Random(2026);
        var packed = 0;
        for (int n = 0; n < 3000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(160)).Select(_ => random.Next(4) == 0 ? ' ' : alphabet[random.Next(alphabet.Length)]).ToArray());
            var sink = new Collect { Words = [] };
            SearchTerms.ForEachWord(text, ref sink);
            foreach (var (folded, low, high) in sink.Words)
            {
                var expected = WordTerms.TryPack(folded, out var l, out var h) ? (l, h) : (0UL, 0UL);
                Assert.Equal(expected, (low, high));
                packed += low == 0 ? 0 : 1;
            }
        }
        Assert.True(packed > 1000, $"only {packed} words were packed: the test reads too few");
    }
}
