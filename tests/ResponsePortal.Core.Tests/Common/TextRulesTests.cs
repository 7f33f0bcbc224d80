using System.Text;
using ResponsePortal.Common;

namespace ResponsePortal.Core.Tests.Common;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Poisoned\u0000subject", "U+0000")]
    [InlineData("bell\u0007", "U+0007")]
    [InlineData("delete\u007F", "U+007F")]
    [InlineData("c1\u0085control", "U+0085")]
    [InlineData("reply\u202Etxt.exe", "U+202E")]
    [InlineData("\u202Aembedded", "U+202A")]
    [InlineData("isolate\u2066x\u2069", "U+2066")]
    [InlineData("first isolate\u2069", "U+2069")]
    [InlineData("two\nlines", "line break")]
    [InlineData("tab\there", "tab")]
    [InlineData("separator\u2028", "line separator")]
    [InlineData("not a character \uFFFF", "U+FFFF")]
    public void Single_line_text_with_a_forbidden_character_is_refused_with_its_code(string text, string named)
    {
        var reason = TextRules.Refusal(text, TextKind.SingleLine);

        Assert.NotNull(reason);
        Assert.Contains(named, reason);
    }

    [Theory]
    [InlineData("Sexual abuse images of girls shared through Instagram")]
    [InlineData("Lettre relative à la « situation » — 2021")]
    [InlineData("رسالة إلى الدولة")]
    [InlineData("עברית")]
    [InlineData("emoji 👍 and CJK 漢字")]
    [InlineData("AL USA 2/2021")]
    public void Ordinary_text_of_any_script_is_accepted(string text)
    {
        Assert.Null(TextRules.Refusal(text, TextKind.SingleLine));
        Assert.Null(TextRules.Refusal(text, TextKind.MultiLine));
    }

    [Fact]
    public void A_lone_surrogate_from_a_JSON_escape_is_refused()
        => Assert.Contains("unpaired surrogate (U+D800)", TextRules.Refusal("lone " + (char)0xD800 + " surrogate", TextKind.MultiLine));

    [Fact]
    public void Multi_line_text_keeps_tab_CR_and_LF_but_not_NUL_or_overrides()
    {
        Assert.Null(TextRules.Refusal("Para 1\r\n\tPara 2\n", TextKind.MultiLine));
        Assert.Contains("U+0000", TextRules.Refusal("Para\u0000", TextKind.MultiLine));
        Assert.Contains("U+202E", TextRules.Refusal("Para\n\u202E", TextKind.MultiLine));
    }

    [Fact]
    public void Check_adds_one_error_under_the_field_with_the_label_and_position()
    {
        var errors = new ValidationErrors();

        Assert.False(errors.Check("subject", "The subject", "Poisoned\u0000subject", TextKind.SingleLine));
        Assert.True(errors.Check("summary", "The summary", null, TextKind.MultiLine));

        var message = Assert.Single(errors.ToDictionary()["subject"]);
        Assert.StartsWith("The subject contains the control character U+0000 at position 9", message);
    }

    [Fact]
    public void Shown_text_makes_invisible_characters_visible_and_stays_short()
    {
        Assert.Equal("reply<U+202E>txt.exe", TextRules.Shown("reply\u202Etxt.exe"));
        Assert.Equal(101, TextRules.Shown(new string('x', 1_000_000)).Length);
    }
}

public sealed class StorageIdsTests
{
    [Theory]
    [InlineData("USA")]
    [InlineData("facebook")]
    [InlineData("al-usa-2-2021")]
    [InlineData("mission@example.org")]
    public void Ordinary_ids_can_be_keys(string id) => Assert.True(StorageIds.CanBeKey(id));

    [Theory]
    [InlineData("")]
    [InlineData("../USA")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("US\u0000A")]
    [InlineData("US\u202EA")]
    public void Ids_the_table_service_refuses_cannot_be_keys(string id) => Assert.False(StorageIds.CanBeKey(id));

    [Fact]
    public void A_megabyte_of_text_cannot_be_a_key()
    {
        Assert.False(StorageIds.CanBeKey(new string('a', 1024 * 1024)));
        Assert.False(StorageIds.CanBeKey(null));
    }
}

public sealed class EmailAddressesTests
{
    [Fact]
    public void A_plain_address_is_accepted_in_lower_case()
    {
        Assert.Equal("mission@example.org", EmailAddresses.Normalize("Mission@Example.org", out var refusal));
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("mission\u202E@example.org", "U+202E")]
    [InlineData("mission@example.org\u0000", "U+0000")]
    [InlineData("Mission <mission@example.org>", "not an e-mail address")]
    [InlineData("no-at-sign", "not an e-mail address")]
    [InlineData("a/b@example.org", "/, \\, # or ?")]
    [InlineData("a#b@example.org", "/, \\, # or ?")]
    [InlineData("", "required")]
    public void An_address_that_could_mislead_or_not_be_a_key_is_refused(string text, string reason)
    {
        Assert.Null(EmailAddresses.Normalize(text, out var refusal));
        Assert.Contains(reason, refusal);
    }
}

public sealed class FileNameRulesTests
{
    [Fact]
    public void A_file_name_with_a_right_to_left_override_is_refused_and_shown_with_its_code()
    {
        var refusal = FileNameRules.Refusal("reply\u202Etxt.exe");

        Assert.NotNull(refusal);
        Assert.Contains("\"reply<U+202E>txt.exe\"", refusal);
    }

    [Theory]
    [InlineData("reply.pdf")]
    [InlineData("réponse de l’État.pdf")]
    [InlineData("C:\\Users\\officer\\reply.pdf")]
    [InlineData(null)]
    public void Ordinary_file_names_are_accepted(string? name) => Assert.Null(FileNameRules.Refusal(name));
}

public sealed class SaneDatesTests
{
    private static readonly DateOnly Today = new(2021, 1, 25);

    [Theory]
    [InlineData("1990-01-01")]
    [InlineData("2021-01-25")]
    [InlineData("2022-01-25")]
    public void Dates_from_1990_to_a_year_after_today_are_accepted(string text)
    {
        Assert.Equal(DateOnly.ParseExact(text, "yyyy-MM-dd"), SaneDates.Parse(text, Today, out var refusal));
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("0001-01-01", "outside")]
    [InlineData("1989-12-31", "outside")]
    [InlineData("2022-01-26", "outside")]
    [InlineData("9999-12-31", "outside")]
    [InlineData("2021-02-30", "yyyy-MM-dd")]
    [InlineData("25/01/2021", "yyyy-MM-dd")]
    [InlineData("\u0662\u0660\u0662\u0661-01-25", "yyyy-MM-dd")]
    public void Other_dates_are_refused_with_the_reason(string text, string reason)
    {
        Assert.Null(SaneDates.Parse(text, Today, out var refusal));
        Assert.Contains(reason, refusal);
    }
}

public sealed class StrictUtf8Tests
{
    [Fact]
    public void Invalid_UTF8_is_refused_with_the_offset_of_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"subject\":\"ok").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var refusal = StrictUtf8.Refusal(bytes, "\"communication\" part");

        Assert.NotNull(refusal);
        Assert.Contains("not valid UTF-8", refusal);
        Assert.Contains("offset 14", refusal);
    }

    [Fact]
    public void Valid_UTF8_of_any_script_is_accepted()
        => Assert.Null(StrictUtf8.Refusal(Encoding.UTF8.GetBytes("État رسالة 漢字 👍"), "body"));
}
