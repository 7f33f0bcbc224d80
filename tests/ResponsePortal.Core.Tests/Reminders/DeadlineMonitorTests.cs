using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class DeadlineMonitorTests
{
    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 10 }, 10.0)]
    [InlineData(new[] { 40, 10 }, 25.0)]
    [InlineData(new[] { 3, 50, 10 }, 10.0)]
    public void The_median_of_days_to_reply_is_the_middle_value_or_the_mean_of_the_two_middle_ones(int[] days, double? expected)
    {
        Assert.Equal(expected, DeadlineMonitor.Median(days));
    }
}
