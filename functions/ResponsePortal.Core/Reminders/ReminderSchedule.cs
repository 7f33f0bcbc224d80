using System.Globalization;
using ResponsePortal.Deadlines;

namespace ResponsePortal.Reminders;

/// <summary>What falls due for a communication: a reminder N days before its close, or the close itself.</summary>
public sealed record DueItem(DateTimeOffset DueAt, string Slug, string AddresseeId, string Kind, DateTimeOffset ClosesAt)
{
    public bool IsClosure => Kind == ReminderKinds.Closure;
}

public static class ReminderKinds
{
    public const string Closure = "closure";

    public static string ForOffset(int days) => days.ToString(CultureInfo.InvariantCulture) + "d";

    public static int? OffsetOf(string kind)
        => kind.EndsWith('d') && int.TryParse(kind[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : null;
}

/// <summary>
/// When each reminder of a window falls due. "N days before the close" is a calendar day on the secretariat's
/// clock: the reminder falls due at the start (00:00 in Geneva) of the day N days before the window's last day,
/// so the 1-day reminder arrives at the start of the day before the last one. Across a daylight-saving change
/// the UTC instants therefore move by an hour (23:00Z in winter, 22:00Z in summer).
/// </summary>
public static class ReminderSchedule
{
    public static IReadOnlyList<DueItem> For(string slug, string addresseeId, ReplyWindow window, IReadOnlyList<int> offsetsDays, TimeZoneInfo zone)
    {
        var items = new List<DueItem>();
        foreach (var days in offsetsDays.Distinct().OrderByDescending(d => d))
        {
            var day = window.LastDay.AddDays(-days);
            if (day <= window.SentOn)
            {
                // A 30-day reminder makes no sense for a 10-day window.
                continue;
            }
            items.Add(new DueItem(StartOfDay(day, zone), slug, addresseeId, ReminderKinds.ForOffset(days), window.ClosesAt));
        }
        items.Add(new DueItem(window.ClosesAt, slug, addresseeId, ReminderKinds.Closure, window.ClosesAt));
        return items;
    }

    /// <summary>The instant a calendar day starts in <paramref name="zone"/> (later than 00:00 if midnight does not exist that day).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
