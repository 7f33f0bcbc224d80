using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Common;
using ResponsePortal.Reminders;

namespace ResponsePortal.Functions.Reminders;

/// <summary>The clocks of the reminders feature: the deadline sweep, the reminder delivery and the weekly digest.</summary>
public sealed class ReminderTimerFunctions(DeadlineSweep sweep, ReminderDelivery delivery, Notifications notifications, PortalMetrics metrics)
{
    /// <summary>Every 15 minutes by default (app setting ReminderSweepSchedule, NCRONTAB).</summary>
    [Function(nameof(DeadlineSweep))]
    public async Task DeadlineSweep([TimerTrigger("%ReminderSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => metrics.Swept(await sweep.RunAsync(cancellationToken));

    /// <summary>Every minute by default (app setting ReminderDeliverySchedule): pulls reminders and emails them.</summary>
    [Function(nameof(DeliverReminders))]
    public async Task DeliverReminders([TimerTrigger("%ReminderDeliverySchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => metrics.Delivered(await delivery.RunAsync(cancellationToken));

    /// <summary>Mondays at 06:00 UTC by default (app setting WeeklyDigestSchedule): hands over the secretariat's digest, once a week.</summary>
    [Function(nameof(SendWeeklyDigest))]
    public Task SendWeeklyDigest([TimerTrigger("%WeeklyDigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => notifications.EnqueueWeeklyDigestAsync(cancellationToken);
}
