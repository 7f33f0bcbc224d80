using ResponsePortal.Common;

namespace ResponsePortal.Core.Tests.Common;

public sealed class PluralTests
{
    [Theory]
    [InlineData("en", 0, "0 days")]
    [InlineData("en", 1, "1 day")]
    [InlineData("en", 2, "2 days")]
    [InlineData("fr", 0, "0 jour")]
    [InlineData("fr", 1, "1 jour")]
    [InlineData("fr", 2, "2 jours")]
    [InlineData("es", 1, "1 día")]
    [InlineData("es", 0, "0 días")]
    [InlineData("fr-CH", 2, "2 jours")]
    [InlineData("de", 2, "2 days")]
    public void Days_take_the_plural_form_of_the_language(string language, int count, string expected)
        => Assert.Equal(expected, Plural.Days(count, language));

    [Theory]
    [InlineData(Plural.Noun.File, "en", 1, "1 file")]
    [InlineData(Plural.Noun.File, "en", 0, "0 files")]
    [InlineData(Plural.Noun.File, "fr", 0, "0 fichier")]
    [InlineData(Plural.Noun.File, "es", 3, "3 archivos")]
    [InlineData(Plural.Noun.Communication, "es", 2, "2 comunicaciones")]
    [InlineData(Plural.Noun.Message, "fr", 2, "2 messages")]
    [InlineData(Plural.Noun.File, "it", 2, "2 files")]
    public void Other_nouns_take_the_same_forms(Plural.Noun noun, string language, int count, string expected)
        => Assert.Equal(expected, Plural.Count(count, noun, language));
}
