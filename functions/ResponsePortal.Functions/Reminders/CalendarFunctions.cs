using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Functions.Http;
using ResponsePortal.Reminders;

namespace ResponsePortal.Functions.Reminders;

/// <summary>
/// Calendar feeds a calendar app can subscribe to without signing in: the secret URL is the credential. The
/// secretariat creates feeds of all closing dates, an addressee feeds of its own; either revokes its feeds.
/// </summary>
public sealed class CalendarFunctions(CallerResolver callers, ClosingCalendar calendar)
{
    public const string FeedPath = "/api/calendar/";

    [Function(nameof(CreateCalendarFeed))]
    public async Task<IActionResult> CreateCalendarFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calendar-feeds")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.SecretariatOrAddressee, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var feed = await calendar.CreateAsync(access.Caller!, FeedPath, cancellationToken);
        return HttpResults.Created($"/api/calendar-feeds/{feed.Id}", feed);
    }

    [Function(nameof(RevokeCalendarFeed))]
    public async Task<IActionResult> RevokeCalendarFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "calendar-feeds/{id}")] HttpRequest req, string id, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.SecretariatOrAddressee, cancellationToken);
        return access.Allowed ? HttpResults.From(await calendar.RevokeAsync(access.Caller!, id, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>Anonymous: <c>GET /api/calendar/{token}.ics</c>. An unknown or revoked token is a 404.</summary>
    [Function(nameof(GetCalendarFeed))]
    public async Task<IActionResult> GetCalendarFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/{file}")] HttpRequest req, string file, CancellationToken cancellationToken)
    {
        var token = file.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
        var outcome = await calendar.ForTokenAsync(token, cancellationToken);
        return outcome.Succeeded ? Ics(outcome.Value!) : HttpResults.Problem(outcome.Problem!, req);
    }

    public static IActionResult Ics(string body) => new ContentResult { Content = body, ContentType = ClosingCalendar.ContentType, StatusCode = 200 };
}
