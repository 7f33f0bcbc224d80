using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Logging;
using ResponsePortal.Publication;

namespace ResponsePortal.Reports;

/// <summary>
/// Puts a final report version on the public site through the publication path: every file is staged in memory,
/// named with its SHA-256 in a manifest, committed to by a <c>report</c> entry of the publication log, then
/// written, and the signed head moves on. <c>site verify</c> therefore covers reports like communications.
/// The caller holds the publisher lock.
/// </summary>
public sealed class ReportPublisher(SiteBuilder site, IPublicationLog log, TimeProvider clock, ILogger<ReportPublisher> logger)
{
    /// <summary>The publication log's kind for a report version (its slug is empty: it is no communication).</summary>
    public const string LogKind = PublicationLogKinds.Report;

    private const string SiteStylesheet = "site.css";

    public string BaseUrl => site.Pages.BaseUrl;

    /// <summary>True for the files a report owns: a whole-site rebuild leaves them as they are (they are not rendered from communications).</summary>
    public static bool IsReportPath(string path)
        => path.StartsWith("reports/", StringComparison.Ordinal) || SiteText.All.Any(t => t.Prefix.Length > 0 && path.StartsWith(t.Prefix + "reports/", StringComparison.Ordinal));

    /// <summary>
    /// Renders <paramref name="report"/> (HTML in every language, PDF in every language, CSV, JSON), the period's
    /// page, the index of reports and the feed, and publishes them as one log entry.
    /// </summary>
    public async Task<PublicationLogEntry> PublishAsync(CommunicationReport report, ReportingPeriod period, IReadOnlyList<ReportingPeriod> finals, CancellationToken cancellationToken)
    {
        var staged = new StagedSiteOutput(site.Output);
        async Task Write(string path, byte[] bytes) => await staged.WriteAsync(path, bytes, SiteContentTypes.For(path), cancellationToken);
        async Task WriteText(string path, string text) => await Write(path, Encoding.UTF8.GetBytes(text));

        foreach (var text in ReportText.All)
        {
            var html = new ReportHtml(text, BaseUrl);
            await WriteText(text.Site.Prefix + ReportHtml.VersionPage(report.PeriodId, report.Version), html.Report(report));
            await WriteText(text.Site.Prefix + ReportHtml.PeriodPage(period.Id), html.Period(period));
            await WriteText(text.Site.Prefix + ReportHtml.IndexPage, html.Index(finals));
            await Write(ReportHtml.PdfPath(report.PeriodId, report.Version, text.Language), ReportPdf.Write(report, text, BaseUrl));
        }
        await WriteText(ReportHtml.CsvPath(report.PeriodId, report.Version), ReportCsv.Write(report, BaseUrl));
        await Write(ReportHtml.JsonPath(report.PeriodId, report.Version), JsonSerializer.SerializeToUtf8Bytes(report, ReportJson.Options));
        await WriteText(ReportHtml.Stylesheet, SitePages.Asset("report.css"));
        if (await site.Output.ReadAsync(SiteStylesheet, cancellationToken) is null)
        {
            // A report published before any communication: the pages use the site's stylesheet, which the site builder writes with its first page.
            await WriteText(SiteStylesheet, SitePages.Asset(SiteStylesheet));
        }
        // Announced in the reports' feed and in the site's main feed (feeds/all.xml), each entry with the log head before it.
        var head = await log.HeadAsync(cancellationToken);
        var announcements = await AnnouncementsAsync(finals, report, head, cancellationToken);
        await Write(FeedAnnouncement.Path, JsonSerializer.SerializeToUtf8Bytes(announcements, SiteBuilder.Json));
        await site.On(staged).WriteMainFeedAsync(announcements, cancellationToken);
        await staged.WriteAsync(ReportHtml.Feed, Feed(announcements), "application/atom+xml; charset=utf-8", cancellationToken);

        // As for a communication: pages the entry completes first, then the manifest, the entry, the files, the head.
        var next = head.Sequence + 1;
        var completed = new RecordingSiteOutput(site.Output);
        await site.On(completed).WriteCompletedLogPagesAsync(log, next, site.CompletedChunkBefore(next), cancellationToken);
        var manifest = staged.Changes().With(completed.Changes());
        var bytes = manifest.ToBytes();
        await site.Output.WriteAsync(PublicationManifest.PathOf(next), bytes, SiteContentTypes.For(".json"), cancellationToken);
        var entry = await log.AppendAsync(clock.GetUtcNow(), "", LogKind, [], cancellationToken, SiteBuilder.Sha256(bytes));
        if (entry.Sequence != next)
        {
            await site.Output.WriteAsync(PublicationManifest.PathOf(entry.Sequence), bytes, SiteContentTypes.For(".json"), cancellationToken);
        }
        await staged.CommitAsync(cancellationToken);
        await site.WriteLogHeadAsync(log, cancellationToken);
        logger.LogInformation("Report {PeriodId} version {Version} published: log entry {Sequence}, {Files} files", report.PeriodId, report.Version, entry.Sequence, manifest.Written.Count);
        return entry;
    }

    /// <summary>The version as the site holds it (<c>report.json</c>), or null.</summary>
    public async Task<CommunicationReport?> ReadAsync(string periodId, int version, CancellationToken cancellationToken)
        => await site.Output.ReadAsync(ReportHtml.JsonPath(periodId, version), cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize<CommunicationReport>(bytes, ReportJson.Options)
            : null;

    /// <summary>
    /// One feed entry per published version, oldest first, from the period records (the source); the version being
    /// published carries <paramref name="head"/>, earlier ones keep the checkpoint they were announced with.
    /// </summary>
    private async Task<IReadOnlyList<FeedAnnouncement>> AnnouncementsAsync(IReadOnlyList<ReportingPeriod> finals, CommunicationReport report, PublicationLogHead head, CancellationToken cancellationToken)
    {
        var stored = await site.Output.ReadAsync(FeedAnnouncement.Path, cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize<List<FeedAnnouncement>>(bytes, SiteBuilder.Json) ?? []
            : [];
        var checkpoints = stored.ToDictionary(a => a.Id, a => a.Checkpoint, StringComparer.Ordinal);
        // Feeds are written once, in the site's first language.
        var text = ReportText.For(site.Pages.Text.Language);
        return finals.SelectMany(p => p.Versions.Select(v => (Period: p, Version: v)))
            .OrderBy(x => x.Version.PublishedAt).ThenBy(x => x.Period.Id, StringComparer.Ordinal).ThenBy(x => x.Version.Number)
            .Select(x =>
            {
                var (period, version) = x;
                var page = BaseUrl + ReportHtml.VersionFolder(period.Id, version.Number);
                var name = PublicText.Clean(period.Name);
                var isThis = period.Id == report.PeriodId && version.Number == report.Version;
                return new FeedAnnouncement(
                    page,
                    version.Corrigendum is null ? $"{text.Title}: {name}" : $"{text.Title}: {name} ({text.CorrigendumTitle}, {text.Version} {version.Number})",
                    version.PublishedAt,
                    version.Corrigendum is { } note
                        ? $"{PublicText.Clean(period.Session)}. {text.CorrigendumTitle}: {PublicText.Clean(note)}"
                        : $"{PublicText.Clean(period.Session)}. {text.Period}: {text.FormatDate(period.StartsOn)} – {text.FormatDate(period.EndsOn)}.",
                    BaseUrl + ReportHtml.PdfPath(period.Id, version.Number, text.Language),
                    "application/pdf",
                    isThis ? LogCheckpoint.Of(head) : checkpoints.GetValueOrDefault(page));
            })
            .ToList();
    }

    /// <summary>The reports' own Atom feed (RFC 4287): every version's announcement, newest first.</summary>
    private byte[] Feed(IReadOnlyList<FeedAnnouncement> announcements)
    {
        const string Atom = SitePages.AtomNamespace;
        var text = ReportText.For(site.Pages.Text.Language);
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", Atom);
            w.WriteAttributeString("xmlns", "log", null, SitePages.LogNamespace);
            w.WriteElementString("id", Atom, BaseUrl + ReportHtml.Feed);
            w.WriteElementString("title", Atom, $"{text.Site.SiteName}: {text.AllReports}");
            w.WriteElementString("updated", Atom, SitePages.Rfc3339(announcements.Select(a => a.Published).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max()));
            w.WriteStartElement("author", Atom);
            w.WriteElementString("name", Atom, text.Site.SiteName);
            w.WriteEndElement();
            Link(w, "self", BaseUrl + ReportHtml.Feed, "application/atom+xml");
            Link(w, "alternate", BaseUrl + "reports/", "text/html");
            foreach (var announcement in announcements.Reverse())
            {
                SitePages.Announcement(w, announcement);
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void Link(XmlWriter w, string rel, string href, string type)
    {
        w.WriteStartElement("link", "http://www.w3.org/2005/Atom");
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("type", type);
        w.WriteEndElement();
    }
}

public static class ReportJson
{
    /// <summary>report.json and the API: camelCase, strings read back cleaned as the site's JSON is.</summary>
    public static readonly JsonSerializerOptions Options = new(SiteBuilder.Json) { WriteIndented = false };
}
