using System.Diagnostics.Metrics;
using ResponsePortal.Publication;
using ResponsePortal.Reminders;

namespace ResponsePortal.Common;

/// <summary>
/// The portal's own metrics, for operators: what arrived, what was sent, what went wrong. Exported to Application
/// Insights (customMetrics), where the alert rules in infra/modules/alerts.bicep query them by these names.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "ResponsePortal";

    public const string RepliesReceived = "portal.replies.received";
    public const string RemindersSent = "portal.reminders.sent";
    public const string RemindersDeadLettered = "portal.reminders.dead_lettered";
    public const string NotificationsSent = "portal.notifications.sent";
    public const string NotificationsDeadLettered = "portal.notifications.dead_lettered";
    public const string Publications = "portal.publications";
    public const string PublicationsPoisoned = "portal.publications.poisoned";
    public const string SweepLag = "portal.sweep.lag";

    /// <summary>Tag of <see cref="RepliesReceived"/>: true when the reply came after the window closed.</summary>
    public const string LateTag = "late";

    private readonly Counter<long> _replies;
    private readonly Counter<long> _remindersSent;
    private readonly Counter<long> _remindersDeadLettered;
    private readonly Counter<long> _notificationsSent;
    private readonly Counter<long> _notificationsDeadLettered;
    private readonly Counter<long> _publications;
    private readonly Counter<long> _publicationsPoisoned;
    private readonly Histogram<double> _sweepLag;

    public PortalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _replies = meter.CreateCounter<long>(RepliesReceived, "{reply}", "Replies stored, tagged late=true when the window had closed.");
        _remindersSent = meter.CreateCounter<long>(RemindersSent, "{reminder}", "Reminders (days before the close) emailed to an addressee's contacts; notifications are counted apart.");
        _remindersDeadLettered = meter.CreateCounter<long>(RemindersDeadLettered, "{reminder}", "Reminders given up and dead-lettered: nobody was told.");
        _notificationsSent = meter.CreateCounter<long>(NotificationsSent, "{notification}", "Notifications emailed: reply receipts, the secretariat's reply mails and the weekly digest.");
        _notificationsDeadLettered = meter.CreateCounter<long>(NotificationsDeadLettered, "{notification}", "Notifications given up and dead-lettered: a receipt or a secretariat mail did not go.");
        _publications = meter.CreateCounter<long>(Publications, "{publication}", "Publish jobs applied to the public site.");
        _publicationsPoisoned = meter.CreateCounter<long>(PublicationsPoisoned, "{job}", "Publish jobs that failed their last attempt and went to publish-poison.");
        _sweepLag = meter.CreateHistogram<double>(SweepLag, "s", "How far behind the present a deadline sweep started: the time since the previous sweep's checkpoint.");
    }

    public void ReplyReceived(bool late) => _replies.Add(1, new KeyValuePair<string, object?>(LateTag, late));

    public void Delivered(DeliveryResult result)
    {
        _remindersSent.Add(result.RemindersSent);
        _remindersDeadLettered.Add(result.RemindersDeadLettered);
        _notificationsSent.Add(result.NotificationsSent);
        _notificationsDeadLettered.Add(result.NotificationsDeadLettered);
    }

    public void Published(PublicationResult result) => _publications.Add(1, new KeyValuePair<string, object?>("changed", result.Changed));

    public void PublicationPoisoned() => _publicationsPoisoned.Add(1);

    public void Swept(SweepResult result) => _sweepLag.Record(Math.Max(0, (result.To - result.From).TotalSeconds));
}
