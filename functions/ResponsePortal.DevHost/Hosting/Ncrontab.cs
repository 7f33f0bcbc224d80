namespace ResponsePortal.DevHost.Hosting;

/// <summary>The six-field NCRONTAB schedules of timer triggers ("sec min hour day month day-of-week").</summary>
public sealed class Ncrontab
{
    private readonly bool[][] _fields;

    private Ncrontab(bool[][] fields) => _fields = fields;

    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];

    public static Ncrontab Parse(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' is not a six-field NCRONTAB expression.");
        }
        var fields = new bool[6][];
        for (int i = 0; i < 6; i++)
        {
            var (min, max) = Ranges[i];
            fields[i] = new bool[max + 1];
            foreach (var item in parts[i].Split(','))
            {
                var (rangeText, step) = item.Split('/') switch
                {
                    [var r] => (r, 1),
                    [var r, var s] => (r, int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)),
                    _ => throw new FormatException($"'{item}' in '{expression}' is not understood."),
                };
                var (from, to) = rangeText == "*" ? (min, max)
                    : rangeText.Split('-') is [var a, var b] ? (int.Parse(a, System.Globalization.CultureInfo.InvariantCulture), int.Parse(b, System.Globalization.CultureInfo.InvariantCulture))
                    : (int.Parse(rangeText, System.Globalization.CultureInfo.InvariantCulture), step > 1 ? max : int.Parse(rangeText, System.Globalization.CultureInfo.InvariantCulture));
                if (from < min || to > max || step < 1)
                {
                    throw new FormatException($"'{item}' in '{expression}' is out of range.");
                }
                for (int v = from; v <= to; v += step)
                {
                    fields[i][v] = true;
                }
            }
        }
        return new Ncrontab(fields);
    }

    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.UtcDateTime.Year, after.UtcDateTime.Month, after.UtcDateTime.Day, after.UtcDateTime.Hour, after.UtcDateTime.Minute, after.UtcDateTime.Second, TimeSpan.Zero).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_fields[4][t.Month]) { t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1); continue; }
            if (!_fields[3][t.Day] || !_fields[5][(int)t.DayOfWeek]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1); continue; }
            if (!_fields[2][t.Hour]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1); continue; }
            if (!_fields[1][t.Minute]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1); continue; }
            if (!_fields[0][t.Second]) { t = t.AddSeconds(1); continue; }
            return t;
        }
        throw new InvalidOperationException("The schedule never fires.");
    }
}
