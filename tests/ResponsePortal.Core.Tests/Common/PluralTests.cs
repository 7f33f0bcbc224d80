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
}
