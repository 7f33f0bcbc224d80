using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ResponsePortal.Common;
using ResponsePortal.Communications;

namespace ResponsePortal.Reminders;

/// <summary>A subscriber's calendar feed. Only the SHA-256 of its secret token is stored; that hash is also its id.</summary>
public sealed record CalendarFeed(string Id, string Scope, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public const string SecretariatScope = "secretariat";
}

public interface ICalendarFeeds
{
    Task AddAsync(CalendarFeed feed, CancellationToken cancellationToken);
    Task<CalendarFeed?> FindAsync(string id, CancellationToken cancellationToken);
    Task<bool> TryRevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A new feed: the secret URL is shown once and cannot be read back.</summary>
public sealed record CreatedCalendarFeed(string Id, string Scope, string Url, DateTimeOffset CreatedAt);

/// <summary>iCalendar (RFC 5545) feeds of closing dates: the secretariat's (every letter) and each addressee's own.</summary>
public sealed class ClosingCalendar(ICommunicationRepository communications, ICalendarFeeds feeds, TimeProvider clock, IOptions<PortalOptions> options)
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public async Task<string> ForCallerAsync(Caller caller, CancellationToken cancellationToken)
        => await RenderAsync(caller.IsSecretariat ? CalendarFeed.SecretariatScope : caller.AddresseeId!, cancellationToken);

    public async Task<Outcome<string>> ForTokenAsync(string token, CancellationToken cancellationToken)
    {
        var feed = string.IsNullOrEmpty(token) || token.Length > 100 ? null : await feeds.FindAsync(Hash(token), cancellationToken);
        if (feed is null || feed.RevokedAt is not null)
        {
            return Problem.NotFound("calendar feed");
        }
        return await RenderAsync(feed.Scope, cancellationToken);
    }

    public async Task<CreatedCalendarFeed> CreateAsync(Caller caller, string feedPathPrefix, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var scope = caller.IsSecretariat ? CalendarFeed.SecretariatScope : caller.AddresseeId!;
        var feed = new CalendarFeed(Hash(token), scope, caller.UserId, clock.GetUtcNow(), null);
        await feeds.AddAsync(feed, cancellationToken);
        var url = options.Value.PortalBaseUrl.TrimEnd('/') + feedPathPrefix + token + ".ics";
        return new CreatedCalendarFeed(feed.Id, scope, url, feed.CreatedAt);
    }

    /// <summary>The secretariat may revoke any feed; an addressee only its own.</summary>
    public async Task<Outcome<CalendarFeed>> RevokeAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var feed = id.Length == 64 ? await feeds.FindAsync(id.ToLowerInvariant(), cancellationToken) : null;
        if (feed is null || (!caller.IsSecretariat && feed.Scope != caller.AddresseeId))
        {
            return Problem.NotFound("calendar feed " + id);
        }
        await feeds.TryRevokeAsync(feed.Id, clock.GetUtcNow(), cancellationToken);
        return await feeds.FindAsync(feed.Id, cancellationToken) ?? feed;
    }

    private async Task<string> RenderAsync(string scope, CancellationToken cancellationToken)
    {
        var letters = scope == CalendarFeed.SecretariatScope
            ? await communications.ListAllAsync(cancellationToken)
            : await communications.ListForAddresseeAsync(scope, cancellationToken);
        return Render(letters.OrderBy(c => c.Window.ClosesAt).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList(), scope, clock.GetUtcNow(), options.Value);
    }

    public static string Render(IReadOnlyList<Communication> letters, string scope, DateTimeOffset now, PortalOptions options)
    {
        var zone = options.SecretariatTimeZone();
        var ics = new StringBuilder();
        void Line(string text) => ics.Append(Fold(text)).Append("\r\n");
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//ResponsePortal//Closing dates//EN");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(scope == CalendarFeed.SecretariatScope ? "Reply windows closing (all letters)" : $"Reply windows closing ({scope})"));
        foreach (var c in letters)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:{c.Slug}-closes@responseportal");
            Line("DTSTAMP:" + Utc(now));
            Line("DTSTART:" + Utc(c.Window.ClosesAt));
            Line("DTEND:" + Utc(c.Window.ClosesAt.AddMilliseconds(1)));
            Line("SUMMARY:" + Escape($"Reply window closes: {c.Reference} ({c.AddresseeId})"));
            Line("DESCRIPTION:" + Escape($"{c.Subject}\n{c.Window.Explain(zone)}\nReplies so far: {c.ReplyCount}."));
            Line("URL:" + (scope == CalendarFeed.SecretariatScope
                ? PortalLinks.CommunicationForSecretariat(options.PortalBaseUrl, c.Slug)
                : PortalLinks.LetterForAddressee(options.PortalBaseUrl, c.Slug)));
            Line("TRANSP:TRANSPARENT");
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return ics.ToString();
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text)
        => text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    /// <summary>Lines longer than 75 octets continue on the next line after a space (RFC 5545, 3.1), never inside a UTF-8 sequence.</summary>
    private static string Fold(string line)
    {
        var result = new StringBuilder();
        int octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                result.Append("\r\n ");
                octets = 1;
            }
            result.Append(rune.ToString());
            octets += size;
        }
        return result.ToString();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
