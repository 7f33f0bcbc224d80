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

    /// <summary>
    /// Words of ASCII letters of every length from 1 to 24, with sixteen or more units after them or not, end at a
    /// separator or run on into a digit or an accent: the reader's sixteen-at-a-time path and its one-at-a-time path
    /// give the same words with the same keys as splitting and folding them one by one.
    /// </summary>
    [Fact]
    public void Words_of_every_length_get_their_folded_forms_keys_whichever_path_reads_them()
    {
        var random = new Random(14);
        const string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var lengths = new HashSet<int>();
        for (int n = 0; n < 2000; n++)
        {
            var text = new System.Text.StringBuilder();
            var expected = new List<string>();
            for (int w = random.Next(1, 12); w > 0; w--)
            {
                var length = random.Next(1, 25);
                var word = new string(Enumerable.Range(0, length).Select(_ => letters[random.Next(letters.Length)]).ToArray());
                var tail = random.Next(6) switch { 0 => "7", 1 => "é", _ => "" };
                text.Append(word).Append(tail).Append(random.Next(3) == 0 ? ", " : " ");
                var folded = (word + (tail == "é" ? "e" : tail)).ToLowerInvariant();
                expected.Add(folded);
                lengths.Add(length);
            }
            var sink = new Collect { Words = [] };
            SearchTerms.ForEachWord(text.ToString().TrimEnd(), ref sink);
            Assert.Equal(expected, sink.Words.Select(x => x.Folded));
            foreach (var (folded, low, high) in sink.Words)
            {
                var keys = WordTerms.TryPack(folded, out var l, out var h) ? (l, h) : (0UL, 0UL);
                Assert.Equal(keys, (low, high));
            }
        }
        Assert.Equal(24, lengths.Count);
    }
}
