using System.Globalization;
using Microsoft.Extensions.Options;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Documents;

namespace ResponsePortal.Communications;

public sealed class CommunicationFilter
{
    public string? AddresseeId { get; init; }
    /// <summary>Any of these phases; null for all.</summary>
    public IReadOnlySet<Phase>? Phases { get; init; }
    /// <summary>Any of these reply statuses; null for all.</summary>
    public IReadOnlySet<ReplyStatus>? ReplyStatuses { get; init; }
    /// <summary>Words the reference, the subject, or the addressee's id or name contain (case and accents ignored).</summary>
    public string? Search { get; init; }
    public DateTimeOffset? ClosingAfter { get; init; }
    public DateTimeOffset? ClosingBefore { get; init; }
}

/// <summary>A communication as the API shows it, with its derived phase and its window in words.</summary>
public sealed record CommunicationView(
    string Reference,
    string Slug,
    string Type,
    string AddresseeId,
    string AddresseeName,
    string Subject,
    string Summary,
    IReadOnlyList<string> Mandates,
    string SentOn,
    int ReplyWindowDays,
    DateTimeOffset ClosesAt,
    string ClosesAtGeneva,
    string WindowRule,
    string WindowExplanation,
    string Phase,
    string ReplyStatus,
    string? CaseId,
    DocumentView Letter,
    DocumentView? PublicVersion,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? FirstReplyAt,
    int ReplyCount,
    DateTimeOffset? PublishedAt);

public sealed record DocumentView(string FileName, string ContentType, long Size, string Sha256);

public sealed record LetterDownload(Stream Content, string FileName, string ContentType, string Sha256);

/// <summary>Reads communications for the secretariat (all) and for an addressee (its own only).</summary>
public sealed class CommunicationQueries(ICommunicationRepository communications, IAddresseeRepository addressees, IDocumentStore documents, IEventLog events, TimeProvider clock, IOptions<PortalOptions> options)
{
    private readonly PortalOptions _options = options.Value;

    public async Task<IReadOnlyList<CommunicationView>> ListAsync(CommunicationFilter filter, CancellationToken cancellationToken)
    {
        IEnumerable<Communication> found;
        if (filter.ClosingAfter is not null || filter.ClosingBefore is not null)
        {
            // The deadline index answers date ranges without reading letters outside them.
            var from = filter.ClosingAfter ?? DateTimeOffset.UnixEpoch;
            var to = filter.ClosingBefore ?? from.AddYears(20);
            var due = await communications.ListClosingBetweenAsync(from, to, cancellationToken);
            var list = new List<Communication>();
            foreach (var entry in due.Where(d => filter.AddresseeId is null || d.AddresseeId == filter.AddresseeId))
            {
                if (await communications.FindForAddresseeAsync(entry.AddresseeId, entry.Slug, cancellationToken) is { } communication)
                {
                    list.Add(communication);
                }
            }
            found = list;
        }
        else if (filter.AddresseeId is not null)
        {
            found = await communications.ListForAddresseeAsync(filter.AddresseeId, cancellationToken);
        }
        else
        {
            found = await communications.ListAllAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        var names = await NamesAsync(cancellationToken);
        return found
            .Where(c => filter.Phases is null || filter.Phases.Contains(c.PhaseAt(now, DueSoon)))
            .Where(c => filter.ReplyStatuses is null || filter.ReplyStatuses.Contains(c.ReplyStatus))
            .Where(c => filter.Search is null || Matches(c, NameOf(names, c.AddresseeId), filter.Search))
            .OrderBy(c => c.Window.ClosesAt).ThenBy(c => c.Slug, StringComparer.Ordinal)
            .Select(c => View(c, now, NameOf(names, c.AddresseeId)))
            .ToList();
    }

    public async Task<Outcome<CommunicationView>> GetAsync(Caller caller, string slug, CancellationToken cancellationToken)
    {
        var communication = await FindVisibleAsync(caller, slug, cancellationToken);
        return communication is null ? Problem.NotFound("communication " + slug) : await ViewAsync(communication, cancellationToken);
    }

    public async Task<IReadOnlyList<CommunicationView>> ListMineAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.AddresseeId is null)
        {
            return [];
        }
        var now = clock.GetUtcNow();
        var mine = await communications.ListForAddresseeAsync(caller.AddresseeId, cancellationToken);
        var name = (await addressees.FindAsync(caller.AddresseeId, cancellationToken))?.Name ?? caller.AddresseeId;
        return mine.OrderBy(c => c.Window.ClosesAt).Select(c => View(c, now, name)).ToList();
    }

    public async Task<Outcome<LetterDownload>> OpenLetterAsync(Caller caller, string slug, CancellationToken cancellationToken)
    {
        var communication = await FindVisibleAsync(caller, slug, cancellationToken);
        if (communication is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        var content = await documents.OpenReadAsync(communication.Letter.BlobName, cancellationToken);
        if (content is null)
        {
            return Problem.NotFound("letter document for " + slug);
        }
        await events.AppendAsync(new CommunicationEvent(communication.Slug, clock.GetUtcNow(), CommunicationEvent.LetterDownloaded, caller.UserId,
            new Dictionary<string, string> { ["role"] = caller.Role.ToString(), ["document"] = communication.Letter.FileName }), cancellationToken);
        return new LetterDownload(content, communication.Letter.FileName, communication.Letter.ContentType, communication.Letter.Sha256);
    }

    public Task<IReadOnlyList<CommunicationEvent>> ListEventsAsync(string slug, CancellationToken cancellationToken)
        => events.ListAsync(slug, cancellationToken);

    /// <summary>The secretariat sees every communication; an addressee only what lies in its own partition.</summary>
    private Task<Communication?> FindVisibleAsync(Caller caller, string slug, CancellationToken cancellationToken)
        => caller.IsSecretariat
            ? communications.FindAsync(slug, cancellationToken)
            : caller.AddresseeId is null ? Task.FromResult<Communication?>(null) : communications.FindForAddresseeAsync(caller.AddresseeId, slug, cancellationToken);

    private TimeSpan DueSoon => TimeSpan.FromDays(_options.DueSoonDays);

    public async Task<CommunicationView> ViewAsync(Communication c, CancellationToken cancellationToken)
        => View(c, clock.GetUtcNow(), (await addressees.FindAsync(c.AddresseeId, cancellationToken))?.Name ?? c.AddresseeId);

    /// <summary>Addressee names by id, read once per list.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken cancellationToken)
        => (await addressees.ListAsync(cancellationToken)).ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);

    /// <summary>An addressee removed from the directory (or never in it) still shows, by its id.</summary>
    private static string NameOf(IReadOnlyDictionary<string, string> names, string id) => names.TryGetValue(id, out var name) ? name : id;

    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    /// <summary>Every word of the search is in the reference, the subject, or the addressee's id or name.</summary>
    public static bool Matches(Communication c, string addresseeName, string search)
    {
        var haystack = string.Join(' ', c.Reference.ToString(), c.Slug, c.Subject, c.AddresseeId, addresseeName);
        return search.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
            Compare.IndexOf(haystack, word, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0);
    }

    private CommunicationView View(Communication c, DateTimeOffset now, string addresseeName)
    {
        var zone = _options.SecretariatTimeZone();
        var geneva = TimeZoneInfo.ConvertTime(c.Window.ClosesAt, zone);
        return new CommunicationView(
            c.Reference.ToString(), c.Slug, c.Reference.Type.ToString(), c.AddresseeId, addresseeName, c.Subject, c.Summary, c.Mandates,
            c.Window.SentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Window.Days, c.Window.ClosesAt,
            geneva.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture), c.Window.RuleVersion, c.Window.Explain(zone),
            c.PhaseAt(now, DueSoon).ToWire(), c.ReplyStatus.ToWire(), c.CaseId, ToView(c.Letter), c.PublicVersion is null ? null : ToView(c.PublicVersion),
            c.RegisteredAt, c.FirstReplyAt, c.ReplyCount, c.PublishedAt);
    }

    private static DocumentView ToView(StoredDocument d) => new(d.FileName, d.ContentType, d.Size, d.Sha256);
}
