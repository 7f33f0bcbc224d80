using System.Text.Json;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/dashboard-figures.js, run in the browser on a fixed monitoring summary (the JSON of GET api/monitoring/summary).</summary>
public sealed class DashboardFiguresTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Figures_take_the_summary_lists_and_make_a_reply_rate_per_addressee()
    {
        await using var tab = await portal.OpenAsync(nameof(DashboardFiguresTests));
        await tab.GotoAsync("/");

        var figures = await tab.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const { dashboardFigures } = await import('/js/dashboard-figures.js');
              const item = slug => ({ reference: slug, slug, addresseeId: 'USA', closesAt: '2021-03-26T22:59:59.999Z', phase: 'due-soon', replied: false });
              const summary = {
                at: '2021-03-20T12:00:00Z',
                countsByPhase: {},
                closingIn7Days: [item('a')],
                closingIn30Days: [item('a'), item('b')],
                closedWithoutReply: [item('d'), item('g')],
                lateReplies: [{ reference: 'e', slug: 'e', addresseeId: 'GBR', closesAt: '2021-02-01T22:59:59.999Z', firstReplyAt: '2021-02-05T10:00:00Z', daysLate: 4 }],
                byAddressee: [
                  { addresseeId: 'USA', letters: 2, repliedOnTime: 0, repliedLate: 0, noReply: 0, awaiting: 2, medianDaysToReply: null },
                  { addresseeId: 'GBR', letters: 3, repliedOnTime: 1, repliedLate: 1, noReply: 1, awaiting: 0, medianDaysToReply: 30.5 },
                  { addresseeId: 'ROU', letters: 2, repliedOnTime: 0, repliedLate: 0, noReply: 1, awaiting: 1, medianDaysToReply: null },
                ],
              };
              const f = dashboardFigures(summary);
              const slugs = xs => xs.map(x => x.slug);
              return { closing7: slugs(f.closing7), closing30: slugs(f.closing30), closed: slugs(f.closedWithoutReply), late: slugs(f.lateReplies), rates: f.rates };
            }
            """);

        Assert.Equal(["a"], Slugs(figures, "closing7"));
        Assert.Equal(["a", "b"], Slugs(figures, "closing30"));
        Assert.Equal(["d", "g"], Slugs(figures, "closed"));
        Assert.Equal(["e"], Slugs(figures, "late"));
        var rates = figures.GetProperty("rates").EnumerateArray().Select(r => $"{r.GetProperty("addresseeId").GetString()} {r.GetProperty("replied").GetInt32()}/{r.GetProperty("total").GetInt32()}");
        Assert.Equal(["GBR 2/3", "ROU 0/2", "USA 0/2"], rates);
    }

    private static string[] Slugs(JsonElement figures, string name) => figures.GetProperty(name).EnumerateArray().Select(s => s.GetString()!).ToArray();
}
