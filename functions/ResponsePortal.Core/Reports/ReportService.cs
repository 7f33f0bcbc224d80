using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Reports;

/// <summary>How much one build read: index rows, communications (point reads) and reply lists (one partition each).</summary>
public sealed record ReportReads(int IndexEntries, int Communications, int ReplyLists, int Addressees)
{
    public int Entities => IndexEntries + Communications + ReplyLists + Addressees;
}

public sealed record ReportIndexRebuild(int Letters, int Replies);

/// <summary>A report built now, not published: the secretariat's preview of a draft (or of a corrigendum to come).</summary>
public sealed record ReportPreview(CommunicationReport Report, ReportReads Reads, TimeSpan Elapsed);

/// <summary>A period as the API shows it, with where its published versions are.</summary>
public sealed record ReportingPeriodView(
    string Id, string Name, string Session, DateOnly StartsOn, DateOnly EndsOn, string Status, DateTimeOffset CreatedAt, string CreatedBy,
    IReadOnlyList<ReportVersionView> Versions)
{
    public static ReportingPeriodView Of(ReportingPeriod p, string baseUrl) => new(p.Id, p.Name, p.Session, p.StartsOn, p.EndsOn, p.Status, p.CreatedAt, p.CreatedBy,
        p.Versions.Select(v => new ReportVersionView(v.Number, v.PublishedAt, v.PublishedBy, v.Corrigendum, baseUrl + ReportHtml.VersionFolder(p.Id, v.Number))).ToList());
}

public sealed record ReportVersionView(int Number, DateTimeOffset PublishedAt, string PublishedBy, string? Corrigendum, string Url);

/// <summary>
/// The secretariat's reporting periods and the communications report built for each from the archive
/// (docs/reports.md). A report reads the period's own index rows and then only the letters and replies they name.
/// </summary>
public sealed class ReportService(
    IReportingPeriods periods,
    IReportIndex index,
    ICommunicationRepository communications,
    IAddresseeRepository addressees,
    IReplyReader replies,
    ReportPublisher publisher,
    IPublisherLock publisherLock,
    TimeProvider clock,
    TimeZoneInfo timeZone,
    ILogger<ReportService> logger)
{
    /// <summary>Reads in flight while a report is built: enough to hide the storage round trip, few enough to be polite.</summary>
    public const int ReadConcurrency = 16;

    public string BaseUrl => publisher.BaseUrl;

    public async Task<Outcome<ReportingPeriodView>> CreateAsync(Caller caller, ReportingPeriodDraft draft, CancellationToken cancellationToken)
    {
        var created = ReportingPeriod.Create(draft, clock.GetUtcNow(), caller.UserId);
        if (!created.Succeeded)
        {
            return created.Problem!;
        }
        var period = created.Value!;
        if (!await periods.TryAddAsync(period, cancellationToken))
        {
            return Problem.Conflict($"A reporting period with the id \"{period.Id}\" exists already; choose another name.");
        }
        logger.LogInformation("Reporting period {PeriodId} created by {UserId}", period.Id, caller.UserId);
        return View(period);
    }

    public async Task<IReadOnlyList<ReportingPeriodView>> ListAsync(CancellationToken cancellationToken)
        => (await periods.ListAsync(cancellationToken)).OrderByDescending(p => p.StartsOn).Select(View).ToList();

    public async Task<Outcome<ReportingPeriodView>> GetAsync(string id, CancellationToken cancellationToken)
        => await periods.FindAsync(id, cancellationToken) is { } period ? View(period) : Problem.NotFound("reporting period " + id);

    public async Task<Outcome<ReportingPeriodView>> ChangeAsync(Caller caller, string id, ReportingPeriodDraft draft, CancellationToken cancellationToken)
    {
        var period = await periods.FindAsync(id, cancellationToken);
        if (period is null)
        {
            return Problem.NotFound("reporting period " + id);
        }
        if (period.Change(draft) is { } problem)
        {
            return problem;
        }
        if (!await periods.TryUpdateAsync(period, cancellationToken))
        {
            return Problem.Conflict($"{period.Name} was changed by someone else meanwhile; read it again and repeat the change.");
        }
        logger.LogInformation("Reporting period {PeriodId} changed by {UserId}", period.Id, caller.UserId);
        return View(period);
    }

    /// <summary>The report as it would be published now: a draft (version 1), or the next corrigendum of a final one.</summary>
    public async Task<Outcome<ReportPreview>> PreviewAsync(string id, CancellationToken cancellationToken)
    {
        var period = await periods.FindAsync(id, cancellationToken);
        if (period is null)
        {
            return Problem.NotFound("reporting period " + id);
        }
        return await BuildAsync(period, period.Versions.Count + 1, ReportStatus.Draft, clock.GetUtcNow(), null, [], cancellationToken);
    }

    /// <summary>A published version, as the site holds it.</summary>
    public async Task<Outcome<CommunicationReport>> PublishedAsync(string id, int version, CancellationToken cancellationToken)
    {
        var period = await periods.FindAsync(id, cancellationToken);
        if (period is null || version < 1 || version > period.Versions.Count)
        {
            return Problem.NotFound($"version {version} of reporting period {id}");
        }
        return await publisher.ReadAsync(id, version, cancellationToken) is { } report ? report : Problem.NotFound($"version {version} of reporting period {id} on the public site");
    }

    /// <summary>Builds the report at this instant (the cut-off) and publishes it as version 1. A final period is refused (409).</summary>
    public Task<Outcome<ReportingPeriodView>> FinaliseAsync(Caller caller, string id, CancellationToken cancellationToken)
        => PublishVersionAsync(caller, id, null, cancellationToken);

    /// <summary>Publishes a new version of a final report with a note saying what changed; earlier versions stay where they are.</summary>
    public Task<Outcome<ReportingPeriodView>> CorrectAsync(Caller caller, string id, CorrigendumDraft draft, CancellationToken cancellationToken)
        => PublishVersionAsync(caller, id, draft.Note ?? "", cancellationToken);

    private async Task<Outcome<ReportingPeriodView>> PublishVersionAsync(Caller caller, string id, string? corrigendum, CancellationToken cancellationToken)
    {
        // One publisher at a time, and the period read again under the lock: two "finalise" at once publish once.
        await using var held = await publisherLock.AcquireAsync(cancellationToken);
        var period = await periods.FindAsync(id, cancellationToken);
        if (period is null)
        {
            return Problem.NotFound("reporting period " + id);
        }
        var now = clock.GetUtcNow();
        var previous = period.Latest;
        var problem = corrigendum is null ? period.Finalise(now, caller.UserId) : period.Correct(now, caller.UserId, corrigendum);
        if (problem is not null)
        {
            return problem;
        }
        var version = period.Latest!;
        var earlier = previous is null ? null : await publisher.ReadAsync(period.Id, previous.Number, cancellationToken);
        var built = await BuildAsync(period, version.Number, ReportStatus.Final, now, version.Corrigendum, [], cancellationToken);
        var report = built.Report;
        if (earlier is not null)
        {
            report = report with { Changes = ReportChanges.Between(earlier, report) };
        }
        var finals = (await periods.ListAsync(cancellationToken)).Where(p => p.Id != period.Id && p.Status == ReportStatus.Final).Append(period).ToList();
        // The files first, then the period's record: a crash in between leaves a draft whose next "finalise" writes
        // the same version again (logged as another entry); never a final period whose files are missing.
        await publisher.PublishAsync(report, period, finals, cancellationToken);
        if (!await periods.TryUpdateAsync(period, cancellationToken))
        {
            // The draft was changed (its dates, say) while it was being published: it stays a draft, and finalising
            // again publishes this version's files anew from the changed period (a new log entry commits to them).
            return Problem.Conflict($"{period.Name} was changed while its report was being published; it is still a draft. Check it and finalise again.");
        }
        logger.LogInformation("Report {PeriodId} version {Version} published by {UserId}", period.Id, version.Number, caller.UserId);
        return View(period);
    }

    /// <summary>
    /// Reads the period's index rows, the letters they name (one point read each, in the addressee's partition)
    /// and the replies of letters that received one in the period (one partition each), and builds the report.
    /// </summary>
    public async Task<ReportPreview> BuildAsync(ReportingPeriod period, int version, string status, DateTimeOffset cutOff, string? corrigendum,
        IReadOnlyList<ReportChange> changes, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var sentTask = index.ListSentAsync(period.StartsOn, period.EndsOn, cancellationToken);
        var repliesTask = index.ListRepliesAsync(period.StartsOn, period.EndsOn, cancellationToken);
        var namesTask = addressees.ListAsync(cancellationToken);
        var sent = await sentTask;
        var received = await repliesTask;
        var names = (await namesTask).ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);

        // Letters sent in the period: one point read each, in the addressee's partition (reply facts change; the rest does not).
        var letters = new ConcurrentDictionary<string, Communication?>(StringComparer.Ordinal);
        var wanted = sent.DistinctBy(e => e.Slug).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(wanted, parallel, async (entry, ct) =>
            letters[entry.Slug] = await communications.FindForAddresseeAsync(entry.AddresseeId, entry.Slug, ct));
        // Replies: the index row says everything public about them, except the secretariat's decision on a confidentiality
        // request, so only letters with such a reply in the period have their replies read.
        var replyLists = new ConcurrentDictionary<string, IReadOnlyList<Reply>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(received.Where(r => r.ConfidentialityRequested).Select(r => r.Slug).Distinct(StringComparer.Ordinal), parallel,
            async (slug, ct) => replyLists[slug] = await replies.ListForCommunicationAsync(slug, ct));

        // An index row without its letter (a registration that failed after the index) is skipped, as readers of the deadline index do.
        var sentLetters = wanted.Select(e => letters[e.Slug]).OfType<Communication>().ToList();
        var receivedReplies = received.Select(e => new ReceivedReply(e,
            e.ConfidentialityRequested && replyLists.TryGetValue(e.Slug, out var list) ? list.FirstOrDefault(r => r.Id == e.ReplyId) : null)).ToList();
        var report = ReportBuilder.Build(period, version, status, cutOff, corrigendum, sentLetters, receivedReplies, names, timeZone, changes);
        var reads = new ReportReads(sent.Count + received.Count, wanted.Count, replyLists.Count, names.Count);
        var elapsed = clock.GetElapsedTime(started);
        logger.LogInformation("Report {PeriodId} built: {Letters} letters, {Replies} replies, {Entities} entities read", period.Id, report.Totals.Sent, report.Totals.RepliesReceived, reads.Entities);
        return new ReportPreview(report, reads, elapsed);
    }

    /// <summary>
    /// Writes the index rows of every stored letter and reply (upserts: nothing changes for rows that exist). Needed
    /// once for letters and replies stored before the report index existed; reads the whole archive, so it is a
    /// maintenance step, never part of a report.
    /// </summary>
    public async Task<ReportIndexRebuild> RebuildIndexAsync(CancellationToken cancellationToken)
    {
        var all = await communications.ListAllAsync(cancellationToken);
        int replyRows = 0;
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken }, async (c, ct) =>
        {
            await index.AddSentAsync(c.Window.SentOn, c.Slug, c.AddresseeId, ct);
            if (c.ReplyCount == 0)
            {
                return;
            }
            foreach (var reply in await replies.ListForCommunicationAsync(c.Slug, ct))
            {
                await index.AddReplyAsync(ReportIndexing.EntryOf(reply, c, timeZone), ct);
                Interlocked.Increment(ref replyRows);
            }
        });
        logger.LogInformation("Report index rebuilt: {Letters} letters, {Replies} replies", all.Count, replyRows);
        return new ReportIndexRebuild(all.Count, replyRows);
    }

    private ReportingPeriodView View(ReportingPeriod period) => ReportingPeriodView.Of(period, BaseUrl);
}

/// <summary>What a corrigendum changed: the rows added, changed or removed against the version before (letters, then replies).</summary>
public static class ReportChanges
{
    public static IReadOnlyList<ReportChange> Between(CommunicationReport before, CommunicationReport after)
    {
        static Dictionary<(string Reference, DateOnly? ReceivedOn), string> Letters(CommunicationReport r) => r.Groups.SelectMany(g => g.Letters)
            .ToDictionary(l => (l.Reference, (DateOnly?)null), l => $"{l.IsPublic}|{l.Subject}|{l.Summary}|{l.ReplyStatus}|{l.DaysLate}");
        static Dictionary<(string Reference, DateOnly? ReceivedOn), string> Replies(CommunicationReport r) => r.Groups.SelectMany(g => g.Replies)
            .GroupBy(x => (x.Reference, (DateOnly?)x.ReceivedOn)).ToDictionary(g => g.Key, g => string.Join(";", g.Select(x => $"{x.Status}|{x.ReasonCategory}|{x.DaysLate}")));
        var changes = new List<ReportChange>();
        Compare(Letters(before), Letters(after), ReportChange.Letter, changes);
        Compare(Replies(before), Replies(after), ReportChange.Reply, changes);
        return changes;
    }

    private static void Compare(Dictionary<(string Reference, DateOnly? ReceivedOn), string> before, Dictionary<(string Reference, DateOnly? ReceivedOn), string> after, string row, List<ReportChange> changes)
    {
        static IEnumerable<(string Reference, DateOnly? ReceivedOn)> Ordered(IEnumerable<(string Reference, DateOnly? ReceivedOn)> keys)
            => keys.OrderBy(k => k.Reference, StringComparer.Ordinal).ThenBy(k => k.ReceivedOn);
        foreach (var key in Ordered(after.Keys))
        {
            if (!before.TryGetValue(key, out var old))
            {
                changes.Add(new ReportChange(row, key.Reference, key.ReceivedOn, ReportChange.Added));
            }
            else if (old != after[key])
            {
                changes.Add(new ReportChange(row, key.Reference, key.ReceivedOn, ReportChange.Changed));
            }
        }
        changes.AddRange(Ordered(before.Keys.Where(k => !after.ContainsKey(k))).Select(k => new ReportChange(row, k.Reference, k.ReceivedOn, ReportChange.Removed)));
    }
}

/// <summary>Keeps the report index: a letter by its sent day when registered, a reply by its received day (Geneva) when stored.</summary>
public sealed class ReportIndexing(IReportIndex index, TimeZoneInfo timeZone) : ICommunicationRegistered, IReplyStored
{
    public Task OnRegisteredAsync(Communication communication, CancellationToken cancellationToken)
        => index.AddSentAsync(communication.Window.SentOn, communication.Slug, communication.AddresseeId, cancellationToken);

    public Task OnStoredAsync(Reply reply, Communication communication, CancellationToken cancellationToken)
        => index.AddReplyAsync(EntryOf(reply, communication, timeZone), cancellationToken);

    public static ReportReplyEntry EntryOf(Reply reply, Communication communication, TimeZoneInfo timeZone)
        => new(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(reply.ReceivedAt, timeZone).DateTime), reply.Slug, reply.AddresseeId, reply.Id,
            communication.Reference.ToString(), communication.Window.ClosesAt, reply.ReceivedAt, reply.DaysLate, reply.Confidentiality is not null);
}
