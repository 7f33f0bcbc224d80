using ResponsePortal.Deadlines;
using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class ReminderScheduleTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly int[] Offsets = [30, 14, 7, 1];

    private static IReadOnlyList<DueItem> Schedule(string sentOn, int days, params int[] offsets)
        => ReminderSchedule.For("al-usa-2-2021", "USA", ReplyWindow.Compute(DateOnly.Parse(sentOn), days, Geneva), offsets.Length == 0 ? Offsets : offsets, Geneva);

    [Fact]
    public void The_demo_window_has_four_reminders_at_midnight_in_geneva_and_the_closure_at_the_close()
    {
        var items = Schedule("2021-01-25", 60);

        Assert.Equal(
            [
                ("30d", new DateTimeOffset(2021, 2, 23, 23, 0, 0, TimeSpan.Zero)),
                ("14d", new DateTimeOffset(2021, 3, 11, 23, 0, 0, TimeSpan.Zero)),
                ("7d", new DateTimeOffset(2021, 3, 18, 23, 0, 0, TimeSpan.Zero)),
                ("1d", new DateTimeOffset(2021, 3, 24, 23, 0, 0, TimeSpan.Zero)),
                ("closure", new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero)),
            ],
            items.Select(i => (i.Kind, i.DueAt)));
        Assert.All(items, i => Assert.Equal(new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero), i.ClosesAt));
    }

    [Fact]
    public void Reminders_after_the_change_to_summer_time_fall_due_an_hour_earlier_in_utc()
    {
        var items = Schedule("2021-02-20", 60);

        Assert.Equal(new DateTimeOffset(2021, 3, 21, 23, 0, 0, TimeSpan.Zero), items[0].DueAt);
        Assert.Equal(new DateTimeOffset(2021, 4, 6, 22, 0, 0, TimeSpan.Zero), items[1].DueAt);
    }

    [Fact]
    public void Reminders_after_the_change_to_winter_time_fall_due_an_hour_later_in_utc()
    {
        var items = Schedule("2021-09-15", 60, 30, 1);

        Assert.Equal(new DateTimeOffset(2021, 10, 14, 22, 0, 0, TimeSpan.Zero), items[0].DueAt);
        Assert.Equal(new DateTimeOffset(2021, 11, 12, 23, 0, 0, TimeSpan.Zero), items[1].DueAt);
    }

    [Fact]
    public void A_short_window_has_no_reminder_before_or_on_the_day_it_was_sent()
    {
        var items = Schedule("2021-01-25", 10);

        Assert.Equal(["7d", "1d", "closure"], items.Select(i => i.Kind));
    }

    [Theory]
    [InlineData("30d", 30)]
    [InlineData("1d", 1)]
    [InlineData("closure", null)]
    [InlineData("xd", null)]
    public void The_offset_is_read_back_from_the_kind(string kind, int? days)
    {
        Assert.Equal(days, ReminderKinds.OffsetOf(kind));
    }
}
