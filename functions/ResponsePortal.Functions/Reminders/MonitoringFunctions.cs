using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Functions.Http;
using ResponsePortal.Reminders;

namespace ResponsePortal.Functions.Reminders;

/// <summary>The secretariat's view of deadlines, replies and reminders.</summary>
public sealed class MonitoringFunctions(CallerResolver callers, DeadlineMonitor monitor, ReminderDesk desk, ClosingCalendar calendar)
{
    [Function(nameof(GetMonitoringSummary))]
    public async Task<IActionResult> GetMonitoringSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "monitoring/summary")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.Ok(await monitor.SummaryAsync(cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>The reminder log; <c>?state=DeadLettered</c> or <c>?state=Failed</c> narrows it, <c>?slug=</c> to one letter.</summary>
    [Function(nameof(ListReminderLog))]
    public async Task<IActionResult> ListReminderLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "monitoring/reminders")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed
            ? HttpResults.From(await desk.ListLogAsync(req.Query["state"], req.Query["slug"], cancellationToken), req)
            : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(ResendReminder))]
    public async Task<IActionResult> ResendReminder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "monitoring/reminders/{slug}/{kind}/resend")] HttpRequest req, string slug, string kind, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed
            ? HttpResults.From(await desk.ResendAsync(access.Caller!, slug, kind, cancellationToken), req)
            : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetSecretariatCalendar))]
    public async Task<IActionResult> GetSecretariatCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "monitoring/calendar.ics")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? CalendarFunctions.Ics(await calendar.ForCallerAsync(access.Caller!, cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }
}
