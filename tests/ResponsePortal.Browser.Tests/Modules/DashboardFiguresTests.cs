using System.Text.Json;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/dashboard-figures.js, run in the browser on a fixed list and instant.</summary>
public sealed class DashboardFiguresTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Figures_count_closing_windows_missing_and_late_replies_and_rates_per_addressee()
    {
        await using var tab = await portal.OpenAsync(nameof(DashboardFiguresTests));
        await tab.GotoAsync("/");

        var figures = await tab.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const { dashboardFigures } = await import('/js/dashboard-figures.js');
              const at = Date.parse('2021-03-20T12:00:00Z');
              const list = [
                { slug: 'a', addresseeId: 'USA', phase: 'due-soon', closesAt: '2021-03-26T22:59:59.999Z' },
                { slug: 'b', addresseeId: 'USA', phase: 'awaiting-reply', closesAt: '2021-04-10T21:59:59.999Z' },
                { slug: 'c', addresseeId: 'ROU', phase: 'awaiting-reply', closesAt: '2021-06-01T21:59:59.999Z' },
                { slug: 'd', addresseeId: 'ROU', phase: 'no-reply', closesAt: '2021-02-01T22:59:59.999Z' },
                { slug: 'e', addresseeId: 'GBR', phase: 'replied-late', closesAt: '2021-02-01T22:59:59.999Z', firstReplyAt: '2021-02-05T10:00:00Z' },
                { slug: 'f', addresseeId: 'GBR', phase: 'published', closesAt: '2021-01-01T22:59:59.999Z', firstReplyAt: '2020-12-20T10:00:00Z' },
                { slug: 'g', addresseeId: 'GBR', phase: 'published', closesAt: '2021-01-01T22:59:59.999Z' },
              ];
              const f = dashboardFigures(list, at);
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
