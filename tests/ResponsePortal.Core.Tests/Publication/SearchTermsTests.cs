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
    public void Adding_to_a_set_gives_the_distinct_terms_of_the_text()
    {
        var terms = new HashSet<string>(StringComparer.Ordinal) { "existing" };
        SearchTerms.AddTo("Girls, girl and GIRLS' rights", terms);
        Assert.Equal(["existing", "girl", "right"], terms.Order(StringComparer.Ordinal));
    }
}
