using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Functions.Http;
using ResponsePortal.Reminders;

namespace ResponsePortal.Functions.Reminders;

/// <summary>What an addressee sees about its own deadlines: reminder notices and its closing dates as a calendar.</summary>
public sealed class NoticeFunctions(CallerResolver callers, ReminderDesk desk, ClosingCalendar calendar)
{
    [Function(nameof(ListMyNotices))]
    public async Task<IActionResult> ListMyNotices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notices")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed ? HttpResults.Ok(await desk.ListNoticesAsync(access.Caller!, cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetMyCalendar))]
    public async Task<IActionResult> GetMyCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/calendar.ics")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed ? CalendarFunctions.Ics(await calendar.ForCallerAsync(access.Caller!, cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }
}
