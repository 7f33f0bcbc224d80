using System.Text.Json;
using NCrontab;
using ResponsePortal.DevHost.Hosting;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>The DevHost fires timers on the schedules the Functions host would (six-field NCRONTAB, UTC, by NCrontab).</summary>
public sealed class TriggerRunnerTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second, int millisecond = 0)
        => new(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */15 * * * *", "2026-12-01T10:07:30Z", "2026-12-01T10:15:00Z")]
    [InlineData("0 */15 * * * *", "2026-12-01T10:15:00Z", "2026-12-01T10:30:00Z")]
    [InlineData("0 * * * * *", "2026-12-01T10:07:30.500Z", "2026-12-01T10:08:00Z")]
    [InlineData("*/10 * * * * *", "2026-12-01T10:07:31Z", "2026-12-01T10:07:40Z")]
    [InlineData("0 0 6 * * 1", "2026-12-01T08:00:00Z", "2026-12-07T06:00:00Z")]
    [InlineData("0 0 6 * * 1", "2026-12-07T06:00:00Z", "2026-12-14T06:00:00Z")]
    [InlineData("0 0 6 * * Mon", "2026-12-31T23:59:59Z", "2027-01-04T06:00:00Z")]
    [InlineData("30 15 10 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T10:15:30Z")]
    [InlineData("0 0 0 13 * 5", "2026-01-01T00:00:00Z", "2026-02-13T00:00:00Z")]
    public void A_schedule_fires_next_strictly_after_the_instant_in_utc(string expression, string after, string expected)
    {
        var next = TriggerRunner.NextAfter(TriggerRunner.Schedule(expression), DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void An_instant_with_an_offset_is_read_as_the_same_instant()
        => Assert.Equal(Utc(2026, 12, 1, 10, 15, 0), TriggerRunner.NextAfter(TriggerRunner.Schedule("0 */15 * * * *"), new DateTimeOffset(2026, 12, 1, 11, 7, 30, TimeSpan.FromHours(1))));

    [Theory]
    [InlineData("*/15 * * * *")]
    [InlineData("0 */15 * * * * *")]
    [InlineData("0 61 * * * *")]
    [InlineData("every minute")]
    public void An_expression_the_functions_host_would_refuse_is_refused(string expression)
        => Assert.Throws<CrontabException>(() => TriggerRunner.Schedule(expression));

    [Fact]
    public void Every_timer_schedule_the_app_ships_parses()
    {
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(ResponsePortal.DevHost.Local.RepoPaths.Root, "functions/ResponsePortal.Functions/local.settings.example.json"))).RootElement.GetProperty("Values");
        var timers = FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Timer).ToList();

        Assert.NotEmpty(timers);
        foreach (var timer in timers)
        {
            var expression = timer.Timer.Schedule.StartsWith('%') ? settings.GetProperty(timer.Timer.Schedule.Trim('%')).GetString()! : timer.Timer.Schedule;
            var schedule = TriggerRunner.Schedule(expression);
            Assert.True(TriggerRunner.NextAfter(schedule, Utc(2026, 12, 1, 0, 0, 0)) > Utc(2026, 12, 1, 0, 0, 0), timer.Name);
        }
    }
}
