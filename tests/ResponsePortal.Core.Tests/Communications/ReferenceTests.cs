using ResponsePortal.Communications;

namespace ResponsePortal.Core.Tests.Communications;

public sealed class ReferenceTests
{
    [Theory]
    [InlineData("AL USA 2/2021", CommunicationType.AL, "USA", 2, 2021, "al-usa-2-2021")]
    [InlineData("UA ROU 12/2023", CommunicationType.UA, "ROU", 12, 2023, "ua-rou-12-2023")]
    [InlineData("OL OTH 1/2021", CommunicationType.OL, "OTH", 1, 2021, "ol-oth-1-2021")]
    [InlineData("  al gbr 1 / 2021 ", CommunicationType.AL, "GBR", 1, 2021, "al-gbr-1-2021")]
    public void Valid_reference_is_parsed_into_its_parts_and_slug(string text, CommunicationType type, string code, int number, int year, string slug)
    {
        Assert.True(Reference.TryParse(text, out var reference, out var error), error);

        Assert.Equal(new Reference(type, code, number, year), reference);
        Assert.Equal(slug, reference!.Slug);
        Assert.Equal($"{type} {code} {number}/{year}", reference.ToString());
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("AL USA 2-2021", "not a reference")]
    [InlineData("XX USA 2/2021", "not a communication type")]
    [InlineData("AL XYZ 2/2021", "ISO 3166-1")]
    [InlineData("AL USA 0/2021", "starts at 1")]
    [InlineData("AL USA 2/1899", "plausible year")]
    [InlineData("AL USA 2/2021; DROP TABLE", "not a reference")]
    [InlineData("AL ROU \u0661\u0662/2040", "not a reference")]
    [InlineData("AL ROU \uFF11\uFF12/2021", "not a reference")]
    [InlineData("AL ROU 12/\u0662\u0660\u0662\u0661", "not a reference")]
    [InlineData("AL USA\u00002/2021", "control character U+0000")]
    [InlineData("AL USA 2/2021\u202E", "U+202E")]
    public void Invalid_reference_is_refused_with_a_reason(string? text, string reasonContains)
    {
        Assert.False(Reference.TryParse(text, out var reference, out var error));

        Assert.Null(reference);
        Assert.Contains(reasonContains, error);
    }
}
