using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResponsePortal.Common;
using ResponsePortal.Publication;
using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Common;

public sealed class PortalMetricsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2021, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct => new(Meters, PortalMetrics.MeterName, instrument);

    [Fact]
    public void A_reply_is_counted_with_whether_it_came_late()
    {
        using var replies = Collect<long>(PortalMetrics.RepliesReceived);
        var metrics = new PortalMetrics(Meters);

        metrics.ReplyReceived(late: false);
        metrics.ReplyReceived(late: true);
        metrics.ReplyReceived(late: true);

        var measurements = replies.GetMeasurementSnapshot();
        Assert.Equal(1, measurements.Where(m => m.Tags[PortalMetrics.LateTag] is false).Sum(m => m.Value));
        Assert.Equal(2, measurements.Where(m => m.Tags[PortalMetrics.LateTag] is true).Sum(m => m.Value));
    }

    [Fact]
    public void A_delivery_run_counts_what_it_sent_and_what_it_dead_lettered()
    {
        using var sent = Collect<long>(PortalMetrics.RemindersSent);
        using var deadLettered = Collect<long>(PortalMetrics.RemindersDeadLettered);
        var metrics = new PortalMetrics(Meters);

        metrics.Delivered(new DeliveryResult(Received: 6, Sent: 4, Failed: 1, DeadLettered: 1, Dropped: 0));

        Assert.Equal(4, sent.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, deadLettered.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void Notifications_are_counted_apart_from_reminders()
    {
        using var reminders = Collect<long>(PortalMetrics.RemindersSent);
        using var remindersDead = Collect<long>(PortalMetrics.RemindersDeadLettered);
        using var notifications = Collect<long>(PortalMetrics.NotificationsSent);
        using var notificationsDead = Collect<long>(PortalMetrics.NotificationsDeadLettered);
        var metrics = new PortalMetrics(Meters);

        metrics.Delivered(new DeliveryResult(Received: 9, Sent: 6, Failed: 0, DeadLettered: 3, Dropped: 0, NotificationsSent: 4, NotificationsDeadLettered: 1));

        Assert.Equal(2, reminders.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(2, remindersDead.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(4, notifications.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, notificationsDead.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void Publications_and_poisoned_jobs_are_counted_apart()
    {
        using var published = Collect<long>(PortalMetrics.Publications);
        using var poisoned = Collect<long>(PortalMetrics.PublicationsPoisoned);
        var metrics = new PortalMetrics(Meters);

        metrics.Published(new PublicationResult("al-usa-2-2021", Changed: true, LogSequence: 1, PublishedAt: Now));
        metrics.PublicationPoisoned();

        Assert.Equal(1, published.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, poisoned.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void Sweep_lag_is_the_time_since_the_previous_checkpoint_in_seconds()
    {
        using var lag = Collect<double>(PortalMetrics.SweepLag);
        var metrics = new PortalMetrics(Meters);

        metrics.Swept(new SweepResult(Now.AddHours(-2), Now, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal(7200, Assert.Single(lag.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public void A_sweep_that_found_its_checkpoint_ahead_reports_no_lag()
    {
        using var lag = Collect<double>(PortalMetrics.SweepLag);
        var metrics = new PortalMetrics(Meters);

        metrics.Swept(new SweepResult(Now.AddMinutes(1), Now, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal(0, Assert.Single(lag.GetMeasurementSnapshot()).Value);
    }
}
