using System.Text.Json;
using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class SearchTermsTests
{
    public static TheoryData<string, string[]> SharedVectors()
    {
        var data = new TheoryData<string, string[]>();
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "search-terms.json")));
        foreach (var vector in file.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(vector.GetProperty("text").GetString()!, vector.GetProperty("terms").EnumerateArray().Select(t => t.GetString()!).ToArray());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SharedVectors))]
    public void Each_shared_vector_gives_the_terms_the_browser_must_give_too(string text, string[] terms)
        => Assert.Equal(terms, SearchTerms.Of(text));

    [Fact]
    public void Singular_and_plural_forms_and_accented_or_plain_spellings_meet_in_each_language()
    {
        Assert.Equal(SearchTerms.Of("right child victim investigation"), SearchTerms.Of("Rights CHILD victims investigations"));
        Assert.Equal(SearchTerms.Of("arrêté enquête défenseur"), SearchTerms.Of("arretees enquetes defenseurs"));
        Assert.Equal(SearchTerms.Of("nación mujer niño"), SearchTerms.Of("naciones mujeres ninos"));
    }

    [Fact]
    public void Function_words_of_the_three_languages_are_not_terms_but_the_letter_type_al_is()
    {
        Assert.Empty(SearchTerms.Of("the of and le la les de el los las y que"));
        Assert.Equal(["al"], SearchTerms.Of("AL"));
    }

    [Fact]
    public void A_texts_terms_are_its_words_terms_one_after_another()
    {
        // Letters of every class the reader tells apart: ASCII of both cases and digits, accented and decomposed letters,
        // ligatures, other scripts and digits, surrogate pairs, and U+FDFA, whose folding (18 letters) overflows any word.
        const string alphabet = "aAzZsSeEdg09 ,.-'\téÉçÇñßæŒøđłıİ\u0301\u0308ﬁ①²٣ΣσςЖж中한\uD83D\uDE00\u200B\uFDFA";
        var random = new Random(2026);
        for (int n = 0; n < 3000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(120)).Select(_ => random.Next(50) == 0 ? (char)random.Next(0xD7FF) : alphabet[random.Next(alphabet.Length)]).ToArray());

            var wordByWord = Words(text).SelectMany(SearchTerms.Of).ToList();

            Assert.Equal(wordByWord, SearchTerms.Of(text));
        }
    }

    [Theory]
    [InlineData("2021 rights", new[] { "2021", "right" })]
    [InlineData("\uFDFA\uFDFA\uFDFA child", new[] { "child" })]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa rights", new[] { "right" })]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", new[] { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })]
    [InlineData("ﬁaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b2", new[] { "b2" })]
    [InlineData("Tambien TAMBIÉN ÉTÉ Été", new string[0])]
    public void What_one_word_leaves_behind_does_not_reach_the_next(string text, string[] terms)
        => Assert.Equal(terms, SearchTerms.Of(text));

    /// <summary>Runs of word units, split the plain way.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && SearchTerms.IsWordUnit(text[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    [Fact]
    public void Adding_to_a_set_gives_the_distinct_terms_of_the_text()
    {
        var terms = new HashSet<string>(StringComparer.Ordinal) { "existing" };
        SearchTerms.AddTo("Girls, girl and GIRLS' rights", terms);
        Assert.Equal(["existing", "girl", "right"], terms.Order(StringComparer.Ordinal));
    }
}
