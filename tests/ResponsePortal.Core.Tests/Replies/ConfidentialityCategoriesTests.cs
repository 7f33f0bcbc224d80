using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Replies;

public sealed class ConfidentialityCategoriesTests
{
    [Theory]
    [InlineData("privacy-of-victims", "en", "Privacy of victims")]
    [InlineData("privacy-of-victims", "fr", "Vie privée des victimes")]
    [InlineData("commercial-confidentiality", "es", "Confidencialidad comercial")]
    [InlineData("other", "fr", "Autre")]
    public void A_category_reads_as_words_in_the_language(string category, string language, string words)
        => Assert.Equal(words, ConfidentialityCategories.InWords(category, language));

    [Fact]
    public void Every_category_has_words_in_every_language_that_are_not_its_code()
    {
        foreach (var language in new[] { "en", "fr", "es" })
        {
            Assert.All(ConfidentialityCategories.All, c => Assert.NotEqual(c, ConfidentialityCategories.InWords(c, language)));
        }
    }

    [Fact]
    public void Another_language_reads_english_and_an_unknown_code_stays_as_it_is()
    {
        Assert.Equal("National security", ConfidentialityCategories.InWords("national-security", "de"));
        Assert.Equal("state-secrets", ConfidentialityCategories.InWords("state-secrets", "en"));
    }
}
