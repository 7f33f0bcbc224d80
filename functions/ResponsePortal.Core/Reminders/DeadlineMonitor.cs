using Microsoft.Extensions.Options;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Replies;

namespace ResponsePortal.Reminders;

public sealed record ClosingItem(string Reference, string Slug, string AddresseeId, DateTimeOffset ClosesAt, string Phase, string ReplyStatus, bool Replied);

public sealed record LateReply(string Reference, string Slug, string AddresseeId, DateTimeOffset ClosesAt, DateTimeOffset FirstReplyAt, int DaysLate);

public sealed record AddresseeStats(string AddresseeId, int Letters, int RepliedOnTime, int RepliedLate, int NoReply, int Awaiting, double? MedianDaysToReply);

public sealed record MonitoringSummary(
    DateTimeOffset At,
    IReadOnlyDictionary<string, int> CountsByPhase,
    IReadOnlyDictionary<string, int> CountsByReplyStatus,
    IReadOnlyList<ClosingItem> ClosingIn7Days,
    IReadOnlyList<ClosingItem> ClosingIn30Days,
    IReadOnlyList<ClosingItem> ClosedWithoutReply,
    IReadOnlyList<LateReply> LateReplies,
    IReadOnlyList<AddresseeStats> ByAddressee,
    ReplyJanitorTotals ReplyJanitor);

/// <summary>
/// The secretariat's dashboard, derived from each communication's window and its reply facts
/// (<see cref="Communication.FirstReplyAt"/>, <see cref="Communication.ReplyCount"/>) at the moment it is asked.
/// </summary>
public sealed class DeadlineMonitor(ICommunicationRepository communications, IReplyJanitorLog replyJanitor, TimeProvider clock, IOptions<PortalOptions> options)
{
    public async Task<MonitoringSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dueSoon = TimeSpan.FromDays(options.Value.DueSoonDays);
        var zone = options.Value.SecretariatTimeZone();
        var all = (await communications.ListAllAsync(cancellationToken)).OrderBy(c => c.Window.ClosesAt).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList();

        var counts = Enum.GetValues<Phase>().ToDictionary(p => p.ToWire(), _ => 0);
        var statuses = Enum.GetValues<ReplyStatus>().ToDictionary(p => p.ToWire(), _ => 0);
        foreach (var c in all)
        {
            counts[c.PhaseAt(now, dueSoon).ToWire()]++;
            statuses[c.ReplyStatus.ToWire()]++;
        }
        ClosingItem Item(Communication c) => new(c.Reference.ToString(), c.Slug, c.AddresseeId, c.Window.ClosesAt, c.PhaseAt(now, dueSoon).ToWire(), c.ReplyStatus.ToWire(), c.FirstReplyAt is not null);
        List<ClosingItem> ClosingWithin(int days) => all.Where(c => c.Window.ClosesAt > now && c.Window.ClosesAt <= now.AddDays(days)).Select(Item).ToList();

        var closedWithoutReply = all.Where(c => c.Window.IsClosedAt(now) && c.FirstReplyAt is null).Select(Item).ToList();
        var late = all.Where(c => c.FirstReplyAt is { } first && first > c.Window.ClosesAt)
            .Select(c => new LateReply(c.Reference.ToString(), c.Slug, c.AddresseeId, c.Window.ClosesAt, c.FirstReplyAt!.Value, c.Window.DaysLate(c.FirstReplyAt.Value, zone)))
            .ToList();
        var byAddressee = all.GroupBy(c => c.AddresseeId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new AddresseeStats(
            g.Key,
            g.Count(),
            g.Count(c => c.FirstReplyAt is { } f && f <= c.Window.ClosesAt),
            g.Count(c => c.FirstReplyAt is { } f && f > c.Window.ClosesAt),
            g.Count(c => c.FirstReplyAt is null && c.Window.IsClosedAt(now)),
            g.Count(c => c.FirstReplyAt is null && !c.Window.IsClosedAt(now)),
            Median(g.Where(c => c.FirstReplyAt is not null).Select(c => c.Window.DaysFromSending(c.FirstReplyAt!.Value, zone)).ToList()))).ToList();

        return new MonitoringSummary(now, counts, statuses, ClosingWithin(7), ClosingWithin(30), closedWithoutReply, late, byAddressee,
            await replyJanitor.TotalsAsync(cancellationToken));
    }

    public static double? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
