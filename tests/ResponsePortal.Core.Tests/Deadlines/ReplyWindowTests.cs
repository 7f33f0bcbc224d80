using ResponsePortal.Deadlines;

namespace ResponsePortal.Core.Tests.Deadlines;

public sealed class ReplyWindowTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    public static TheoryData<string, int, string, string> Cases => new()
    {
        // sent on, days, closes at (UTC), why
        { "2021-01-25", 60, "2021-03-26T22:59:59.9990000+00:00", "AL USA 2/2021: end of 26 March in Geneva, winter time (UTC+1)" },
        { "2021-02-01", 60, "2021-04-02T21:59:59.9990000+00:00", "window across the March change: closes in summer time (UTC+2)" },
        { "2021-01-27", 60, "2021-03-28T21:59:59.9990000+00:00", "last day is the 23-hour day of the March change" },
        { "2021-09-01", 60, "2021-10-31T22:59:59.9990000+00:00", "last day is the 25-hour day of the October change" },
        { "2021-08-15", 60, "2021-10-14T21:59:59.9990000+00:00", "summer to summer" },
        { "2021-09-15", 60, "2021-11-14T22:59:59.9990000+00:00", "window across the October change: closes in winter time" },
        { "2024-02-01", 29, "2024-03-01T22:59:59.9990000+00:00", "leap year: 29 days from 1 February reach 1 March" },
        { "2023-02-01", 29, "2023-03-02T22:59:59.9990000+00:00", "common year: 29 days from 1 February reach 2 March" },
        { "2024-02-28", 1, "2024-02-29T22:59:59.9990000+00:00", "1-day window ending on 29 February" },
        { "2021-01-25", 1, "2021-01-26T22:59:59.9990000+00:00", "1-day window" },
        { "2020-01-01", 365, "2020-12-31T22:59:59.9990000+00:00", "365 days in a leap year end on 31 December" },
        { "2021-01-01", 365, "2022-01-01T22:59:59.9990000+00:00", "365 days in a common year end on 1 January" },
        { "2021-12-31", 1, "2022-01-01T22:59:59.9990000+00:00", "across the new year" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Window_closes_at_the_end_of_the_last_day_in_Geneva(string sentOn, int days, string expectedUtc, string why)
    {
        var window = ReplyWindow.Compute(DateOnly.Parse(sentOn), days, Geneva);

        Assert.True(DateTimeOffset.Parse(expectedUtc) == window.ClosesAt, $"{why}: expected {expectedUtc}, got {window.ClosesAt:O}");
        Assert.Equal(ReplyWindow.CurrentRuleVersion, window.RuleVersion);
    }

    [Fact]
    public void Closing_instant_is_the_last_millisecond_of_the_local_day()
    {
        var window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva);
        var local = TimeZoneInfo.ConvertTime(window.ClosesAt, Geneva);

        Assert.Equal(new DateTime(2021, 3, 26, 23, 59, 59, 999), local.DateTime);
        Assert.False(window.IsClosedAt(window.ClosesAt));
        Assert.True(window.IsClosedAt(window.ClosesAt.AddMilliseconds(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3651)]
    public void Window_length_outside_1_to_3650_days_is_refused(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplyWindow.Compute(new DateOnly(2021, 1, 25), days, Geneva));
    }

    [Theory]
    [InlineData("2021-03-26T22:59:59.999Z", 0)]
    [InlineData("2021-03-26T23:00:00.000Z", 1)]
    [InlineData("2021-03-27T22:59:59.999Z", 1)]
    [InlineData("2021-03-27T23:00:00.000Z", 2)]
    [InlineData("2021-04-05T10:00:00Z", 10)]
    public void Reply_after_close_is_late_by_whole_days_in_Geneva(string receivedAt, int expectedDaysLate)
    {
        var window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva);

        Assert.Equal(expectedDaysLate, window.DaysLate(DateTimeOffset.Parse(receivedAt), Geneva));
    }

    [Theory]
    [InlineData("2021-02-03T22:59:59.999Z", 9)]
    [InlineData("2021-02-03T23:30:00Z", 10)]
    [InlineData("2021-01-25T08:00:00Z", 0)]
    public void Days_from_sending_are_calendar_days_in_Geneva(string instant, int expected)
    {
        var window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva);

        Assert.Equal(expected, window.DaysFromSending(DateTimeOffset.Parse(instant), Geneva));
    }

    [Fact]
    public void Explanation_says_the_rule_in_words_with_both_times()
    {
        var window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva);

        var text = window.Explain(Geneva);

        Assert.Contains("60 calendar days", text);
        Assert.Contains("Friday 26 March 2021", text);
        Assert.Contains("2021-03-26 23:59:59.999 local time (UTC+01:00)", text);
        Assert.Contains("2021-03-26 22:59:59.999 UTC", text);
    }

    [Theory]
    [InlineData("fr", 60, "60 jours calendaires", "vendredi 26 mars 2021")]
    [InlineData("fr", 1, "1 jour calendaire", "mardi 26 janvier 2021")]
    [InlineData("es", 60, "60 días naturales", "viernes 26 de marzo de 2021")]
    [InlineData("es", 1, "1 día natural", "martes 26 de enero de 2021")]
    [InlineData("en", 1, "1 calendar day ", "Tuesday 26 January 2021")]
    public void Explanation_is_written_in_the_language_with_its_plural(string language, int days, string count, string lastDay)
    {
        var text = ReplyWindow.Compute(new DateOnly(2021, 1, 25), days, Geneva).Explain(Geneva, language);

        Assert.Contains(count, text);
        Assert.Contains(lastDay, text);
        Assert.Contains(" UTC", text);
    }
}
