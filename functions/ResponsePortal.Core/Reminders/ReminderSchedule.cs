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
/// When each reminder of a window falls due. "N days before the close" is counted in calendar days on the
/// secretariat's wall clock: the reminder falls due at the same local time N days earlier, so across a
/// daylight-saving change the UTC gap is 24 h × N ± 1 h, and a 14-day reminder always means 14 days left.
/// </summary>
public static class ReminderSchedule
{
    public static IReadOnlyList<DueItem> For(string slug, string addresseeId, ReplyWindow window, IReadOnlyList<int> offsetsDays, TimeZoneInfo zone)
    {
        var items = new List<DueItem>();
        foreach (var days in offsetsDays.Distinct().OrderByDescending(d => d))
        {
            var dueAt = DaysBefore(window.ClosesAt, days, zone);
            if (TimeZoneInfo.ConvertTime(dueAt, zone).Date < window.SentOn.ToDateTime(TimeOnly.MinValue))
            {
                // A 30-day reminder makes no sense for a 10-day window.
                continue;
            }
            items.Add(new DueItem(dueAt, slug, addresseeId, ReminderKinds.ForOffset(days), window.ClosesAt));
        }
        items.Add(new DueItem(window.ClosesAt, slug, addresseeId, ReminderKinds.Closure, window.ClosesAt));
        return items;
    }

    /// <summary>The instant showing the same wall-clock time in <paramref name="zone"/> <paramref name="days"/> calendar days earlier.</summary>
    public static DateTimeOffset DaysBefore(DateTimeOffset instant, int days, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime.AddDays(-days);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
