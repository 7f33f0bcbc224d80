using ResponsePortal.DevHost.Hosting;

namespace ResponsePortal.Integration.Tests.Hosting;

public sealed class DevClockTests
{
    [Theory]
    [InlineData("46", null, 46 * 24.0)]
    [InlineData("1.5", null, 36.0)]
    [InlineData(null, "12", 12.0)]
    [InlineData("1", "6", 30.0)]
    public void Days_and_hours_are_read_as_invariant_decimal_numbers(string? days, string? hours, double expectedHours)
    {
        Assert.Null(DevClock.ParseAdvance(days, hours, out var by));
        Assert.Equal(TimeSpan.FromHours(expectedHours), by);
    }

    [Theory]
    [InlineData("NaN", null)]
    [InlineData("Infinity", null)]
    [InlineData("-Infinity", null)]
    [InlineData("1,5", null)]
    [InlineData("1e3", null)]
    [InlineData("٣", null)]
    [InlineData("-3", null)]
    [InlineData("3651", null)]
    [InlineData(null, "NaN")]
    [InlineData(null, null)]
    [InlineData("0", "0")]
    public void Anything_else_is_refused_and_the_clock_does_not_move(string? days, string? hours)
    {
        Assert.NotNull(DevClock.ParseAdvance(days, hours, out var by));
        Assert.Equal(TimeSpan.Zero, by);
    }
}
