using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class ListMetaTests
{
    private static ListingEntry Entry(string status, int? days)
        => new("s", "AL USA 1/2021", "AL", "USA", "United States", "subject", "summary", [], 2021, new DateOnly(2021, 1, 1),
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false, status, days, 0);

    [Fact]
    public void Median_of_an_odd_count_is_the_middle_value()
    {
        var meta = new ListMeta { Key = "k", Title = "t" };
        foreach (var days in new[] { 70, 10, 30 })
        {
            meta.Add(Entry(days > 60 ? "late" : "on-time", days), +1);
        }
        meta.Add(Entry("none", null), +1);

        Assert.Equal(30, meta.MedianReplyDays());
        Assert.Equal((2, 1, 1), (meta.OnTime, meta.Late, meta.None));
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_two_middle_values()
    {
        var meta = new ListMeta { Key = "k", Title = "t" };
        foreach (var days in new[] { 10, 20, 20, 45 })
        {
            meta.Add(Entry("on-time", days), +1);
        }

        Assert.Equal(20, meta.MedianReplyDays());
        meta.Add(Entry("on-time", 20), -1);
        Assert.Equal(20, meta.MedianReplyDays());
        meta.Add(Entry("on-time", 10), -1);
        Assert.Equal(32.5, meta.MedianReplyDays());
    }

    [Fact]
    public void Median_without_replies_is_absent()
        => Assert.Null(new ListMeta { Key = "k", Title = "t" }.MedianReplyDays());
}
