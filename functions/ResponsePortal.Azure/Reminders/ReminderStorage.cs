using System.Globalization;
using ResponsePortal.Azure.Storage;

namespace ResponsePortal.Azure.Reminders;

/// <summary>The reminders feature's tables and queues, and every key formula (mirrored in docs/data-model.md).</summary>
public static class ReminderStorage
{
    /// <summary>Everything that falls due (reminders and closures), partitioned by UTC day, ordered by instant inside a day.</summary>
    public const string ScheduleTable = "ReminderSchedule";
    public const string CheckpointsTable = "SweepCheckpoints";
    /// <summary>Claims and outcomes: one row per (communication, reminder kind).</summary>
    public const string LogTable = "ReminderLog";
    public const string NoticesTable = "Notices";
    public const string CalendarFeedsTable = "CalendarFeeds";

    public static readonly string[] Tables = [ScheduleTable, CheckpointsTable, LogTable, NoticesTable, CalendarFeedsTable];

    public static string PoisonQueue(string queueName) => queueName + "-poison";

    /// <summary>ReminderSchedule: PK = UTC date due; RK = due instant in ticks (19 digits) | slug | kind, so a time slice is one key range per day.</summary>
    public static (string PartitionKey, string RowKey) Schedule(DateTimeOffset dueAt, string slug, string kind)
        => (Day(dueAt), $"{Ticks(dueAt)}|{slug}|{kind}");

    public static string Day(DateTimeOffset instant) => StorageKeys.DeadlineDay(instant);

    public static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>SweepCheckpoints: one row per sweep.</summary>
    public static (string PartitionKey, string RowKey) Checkpoint(string sweep) => (sweep, "checkpoint");

    /// <summary>ReminderLog: PK = slug, RK = kind (30d, 14d, 7d, 1d, closure); the insert of this row is the claim.</summary>
    public static (string PartitionKey, string RowKey) Log(string slug, string kind) => (slug, kind);

    /// <summary>Notices: PK = addressee (its list is one partition), RK = slug | kind, so a repeated delivery overwrites its notice.</summary>
    public static (string PartitionKey, string RowKey) Notice(string addresseeId, string slug, string kind) => (addresseeId, $"{slug}|{kind}");

    /// <summary>CalendarFeeds: PK = SHA-256 of the secret token (hex), RK = "feed"; the token itself is never stored.</summary>
    public static (string PartitionKey, string RowKey) CalendarFeed(string tokenHash) => (tokenHash, "feed");
}

public sealed class ScheduleEntity : EntityBase
{
    public ScheduleEntity() { }
    public ScheduleEntity(DateTimeOffset dueAt, string slug, string kind)
    {
        SetKeys(ReminderStorage.Schedule(dueAt, slug, kind));
        DueAt = dueAt;
        Slug = slug;
        Kind = kind;
    }

    public DateTimeOffset DueAt { get; set; }
    public string Slug { get; set; } = "";
    public string Kind { get; set; } = "";
    public string AddresseeId { get; set; } = "";
    public DateTimeOffset ClosesAt { get; set; }
}

public sealed class CheckpointEntity : EntityBase
{
    public CheckpointEntity() { }
    public CheckpointEntity(string sweep) => SetKeys(ReminderStorage.Checkpoint(sweep));

    public DateTimeOffset SweptUntil { get; set; }
}

public sealed class ReminderLogEntity : EntityBase
{
    public ReminderLogEntity() { }
    public ReminderLogEntity(string slug, string kind) => SetKeys(ReminderStorage.Log(slug, kind));

    public string AddresseeId { get; set; } = "";
    public string State { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public int Attempts { get; set; }
    public string? Reason { get; set; }
    public int Resends { get; set; }
}

public sealed class NoticeEntity : EntityBase
{
    public NoticeEntity() { }
    public NoticeEntity(string addresseeId, string slug, string kind) => SetKeys(ReminderStorage.Notice(addresseeId, slug, kind));

    public string Slug { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset ClosesAt { get; set; }
}

public sealed class CalendarFeedEntity : EntityBase
{
    public CalendarFeedEntity() { }
    public CalendarFeedEntity(string tokenHash) => SetKeys(ReminderStorage.CalendarFeed(tokenHash));

    /// <summary>"secretariat" for all closing dates, or an addressee id for its own.</summary>
    public string Scope { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
