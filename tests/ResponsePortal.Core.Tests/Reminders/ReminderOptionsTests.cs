using System.ComponentModel.DataAnnotations;
using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class ReminderOptionsTests
{
    [Theory]
    [InlineData("30,14,7,1", new[] { 30, 14, 7, 1 })]
    [InlineData(" 1, 7 ,30,7", new[] { 30, 7, 1 })]
    [InlineData("", new int[0])]
    public void Offsets_are_read_in_descending_order_without_repeats(string text, int[] expected)
    {
        Assert.Equal(expected, ReminderOptions.ParseOffsets(text));
    }

    [Theory]
    [InlineData("30,fourteen")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("400")]
    public void Offsets_that_are_not_whole_days_from_1_to_365_are_refused_at_start_up(string text)
    {
        var options = new ReminderOptions { OffsetsDays = text };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(ReminderOptions.OffsetsDays)));
    }

    [Theory]
    [InlineData("en", true)]
    [InlineData("FR", true)]
    [InlineData("es", true)]
    [InlineData("de", false)]
    [InlineData("en-GB", false)]
    [InlineData("", false)]
    public void The_secretariats_language_is_english_french_or_spanish(string language, bool valid)
    {
        var options = new ReminderOptions { SecretariatLanguage = language };

        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(valid, !results.Any(r => r.MemberNames.Contains(nameof(ReminderOptions.SecretariatLanguage))));
    }

    [Fact]
    public void The_secretariats_language_is_english_by_default() => Assert.Equal("en", new ReminderOptions().SecretariatLanguage);
}
