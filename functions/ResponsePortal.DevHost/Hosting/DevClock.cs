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
