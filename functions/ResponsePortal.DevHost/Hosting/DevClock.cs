using System.Globalization;

namespace ResponsePortal.DevHost.Hosting;

/// <summary>
/// The real clock plus an offset a person can move forward, so they can watch a window close. The offset is kept
/// in the data folder so a restart keeps the demo where it was. Only the DevHost has it.
/// </summary>
public sealed class DevClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly string? _stateFile;
    private TimeSpan _offset;

    /// <param name="stateFile">Where the offset is kept between runs.</param>
    /// <param name="startAt">On the very first run, the instant the clock starts at (the demo starts on the day its letters were sent).</param>
    public DevClock(string? stateFile, DateTimeOffset? startAt = null)
    {
        _stateFile = stateFile;
        if (stateFile is not null && File.Exists(stateFile))
        {
            _offset = Load(stateFile);
        }
        else if (startAt is { } start)
        {
            _offset = start - TimeProvider.System.GetUtcNow();
            Save();
        }
    }

    public TimeSpan Offset
    {
        get { lock (_gate) { return _offset; } }
    }

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public DateTimeOffset Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The dev clock only moves forward: deadlines and receipts must not go back in time.");
        }
        lock (_gate)
        {
            _offset += by;
            Save();
        }
        return GetUtcNow();
    }

    /// <summary>The furthest one request may move the clock.</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(3650);

    /// <summary>
    /// Reads <c>?days=</c> and <c>?hours=</c> of <c>POST /dev/clock/advance</c>: plain decimal numbers with a dot
    /// ("1.5", never "1,5", which a culture-aware parse would read as 15), finite, not negative, together more than
    /// nothing and at most <see cref="MaxAdvance"/>. Null when fine, otherwise why not.
    /// </summary>
    public static string? ParseAdvance(string? days, string? hours, out TimeSpan by)
    {
        by = TimeSpan.Zero;
        if (!TryNumber(days, out var d) || !TryNumber(hours, out var h))
        {
            return "days and hours are decimal numbers with a dot, such as ?days=46 or ?hours=1.5.";
        }
        if (d < 0 || h < 0 || d + h / 24 > MaxAdvance.TotalDays || d + h == 0)
        {
            return $"Give days and/or hours to move forward, for example ?days=46 (at most {MaxAdvance.TotalDays:0} days, never backwards).";
        }
        by = TimeSpan.FromDays(d) + TimeSpan.FromHours(h);
        return null;
    }

    private static bool TryNumber(string? text, out double value)
    {
        value = 0;
        return string.IsNullOrEmpty(text)
            || double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private void Save()
    {
        if (_stateFile is not null)
        {
            File.WriteAllText(_stateFile, _offset.Ticks.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static TimeSpan Load(string stateFile)
        => long.TryParse(File.ReadAllText(stateFile), CultureInfo.InvariantCulture, out var ticks) ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
}
