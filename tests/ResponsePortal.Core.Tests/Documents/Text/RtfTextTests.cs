using System.Text;
using ResponsePortal.Documents.Text;

namespace ResponsePortal.Core.Tests.Documents.Text;

public sealed class RtfTextTests
{
    private static string Read(string rtf) => RtfText.Read(Encoding.ASCII.GetBytes(rtf));

    [Fact]
    public void Tables_of_fonts_colours_and_styles_and_ignorable_destinations_are_not_text()
    {
        var text = Read(@"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s1 Heading 1;}}{\*\generator Writer;}{\info{\title Secret title}}Body text\par}");

        Assert.Equal("Body text\n\n", text);
    }

    [Fact]
    public void Code_page_escapes_and_unicode_escapes_give_the_characters_they_stand_for()
    {
        // \'92 is the right single quote in Windows-1252; \u8217? is the same as Unicode with its one-character fallback.
        Assert.Equal("don’t don’t día", Read(@"{\rtf1\ansi don\'92t don\u8217?t d\'eda}"));
    }

    [Fact]
    public void A_negative_unicode_escape_and_a_wider_fallback_are_read()
    {
        Assert.Equal("\uFFFD!", Read(@"{\rtf1\uc2\u-3xx!}"));
    }

    [Fact]
    public void Escaped_braces_and_backslashes_are_literal_and_binary_data_is_skipped()
    {
        Assert.Equal(@"a {b} \c d", Read(@"{\rtf1 a \{b\} \\c {\pict\bin4 ABCD}d}"));
    }

    [Fact]
    public void Field_instructions_are_skipped_and_their_results_kept()
    {
        Assert.Equal("see the site", Read(@"{\rtf1 see {\field{\*\fldinst HYPERLINK ""https://example.org""}{\fldrslt the site}}}"));
    }
}
