using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class PublicTextTests
{
    [Theory]
    [InlineData("Poisoned\u0000subject", "Poisoned\uFFFDsubject")]
    [InlineData("bell\u0007 and escape\u001B", "bell\uFFFD and escape\uFFFD")]
    [InlineData("reply\u202Etxt.exe", "reply\uFFFDtxt.exe")]
    [InlineData("isolate \u2066x\u2069", "isolate \uFFFDx\uFFFD")]
    [InlineData("C1 \u0085 control", "C1 \uFFFD control")]
    [InlineData("not a character \uFFFE", "not a character \uFFFD")]
    public void Characters_xml_forbids_and_direction_overrides_become_replacement_characters(string stored, string published)
        => Assert.Equal(published, PublicText.Clean(stored));

    [Theory]
    [InlineData("Côte d'Ivoire: réponse à la lettre")]
    [InlineData("Tabs\tand\nlines\r\nstay")]
    [InlineData("A pair 😀 of surrogates and Arabic \u0627\u0644")]
    public void Ordinary_text_is_returned_as_it_is(string text)
    {
        Assert.Same(text, PublicText.Clean(text));
        Assert.True(PublicText.IsClean(text));
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character()
        => Assert.Equal("lone \uFFFD surrogate", PublicText.Clean("lone " + (char)0xD800 + " surrogate"));

    [Fact]
    public void Strings_read_from_site_json_are_cleaned()
    {
        var entry = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>("{\"subject\":\"a\\u0000b\"}", SiteBuilder.Json)!;

        Assert.Equal("a\uFFFDb", entry["subject"]);
    }
}
