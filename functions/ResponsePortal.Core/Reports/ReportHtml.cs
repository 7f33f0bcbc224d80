using System.Globalization;
using System.Text;
using ResponsePortal.Publication;

namespace ResponsePortal.Reports;

/// <summary>
/// The report as pages of the public site, in the site's layout (its header, language switcher and footer), with a
/// print stylesheet and no inline script or style. Paths are language-neutral, as for <see cref="SitePages"/>:
/// English at <c>reports/…</c>, French at <c>fr/reports/…</c>, Spanish at <c>es/reports/…</c>.
/// </summary>
public sealed class ReportHtml(ReportText text, string baseUrl)
{
    private readonly SitePages _pages = new(text.Site, baseUrl, SiteText.All);

    private static string E(string? value) => SitePages.E(value);

    public static string VersionFolder(string periodId, int version) => $"reports/{periodId}/v{version}/";

    public static string VersionPage(string periodId, int version) => VersionFolder(periodId, version) + "index.html";

    public static string PeriodPage(string periodId) => $"reports/{periodId}/index.html";

    public const string IndexPage = "reports/index.html";

    public const string Stylesheet = "reports/report.css";

    public const string Feed = "reports/feed.xml";

    public static string CsvPath(string periodId, int version) => VersionFolder(periodId, version) + "report.csv";

    public static string JsonPath(string periodId, int version) => VersionFolder(periodId, version) + "report.json";

    public static string PdfPath(string periodId, int version, string language) => VersionFolder(periodId, version) + $"report-{language}.pdf";

    /// <summary>One version of a period's report.</summary>
    public string Report(CommunicationReport report)
    {
        var path = VersionPage(report.PeriodId, report.Version);
        var (root, siteRoot) = _pages.At(path);
        var h = new StringBuilder(16_384);
        var title = text.TitleOf(report.Name);
        h.Append($"<h1>{E(title)}</h1>");
        if (report.Status == ReportStatus.Draft)
        {
            h.Append($"<p class=\"report-draft\"><strong>{E(text.Draft)}</strong></p>");
        }
        h.Append("<dl class=\"facts\">");
        h.Append($"<dt>{E(text.Period)}</dt><dd>{E(text.PeriodText(report))}</dd>");
        h.Append($"<dt>{E(text.Session)}</dt><dd>{E(report.Session)}</dd>");
        h.Append($"<dt>{E(text.Version)}</dt><dd>{report.Version}</dd>");
        h.Append($"<dt>{E(text.CutOff)}</dt><dd>{_pages.Instant(report.CutOff)}</dd>");
        h.Append("</dl>");
        if (report.Corrigendum is { } note)
        {
            h.Append($"<section class=\"report-corrigendum\" aria-labelledby=\"corrigendum\"><h2 id=\"corrigendum\">{E(text.CorrigendumTitle)}</h2><p>{E(note)}</p>");
            if (report.Changes.Count > 0)
            {
                h.Append($"<h3>{E(text.Changes)}</h3><ul>");
                foreach (var change in report.Changes)
                {
                    h.Append($"<li>{E(text.ChangeText(change))}</li>");
                }
                h.Append("</ul>");
            }
            h.Append("</section>");
        }
        h.Append($"<p>{E(text.Intro)}</p>");
        if (report.Status == ReportStatus.Final)
        {
            h.Append($"<p class=\"report-downloads\">{E(text.Downloads)}{E(text.Site.Colon)}<a href=\"{siteRoot}{PdfPath(report.PeriodId, report.Version, text.Language)}\">PDF</a> · <a href=\"{siteRoot}{CsvPath(report.PeriodId, report.Version)}\">CSV</a> · <a href=\"{siteRoot}{JsonPath(report.PeriodId, report.Version)}\">JSON</a> · <a href=\"{root}{PeriodPage(report.PeriodId)}\">{E(text.Versions)}</a></p>");
        }

        h.Append($"<section aria-labelledby=\"totals\"><h2 id=\"totals\">{E(text.Totals)}</h2>");
        CountsTable(h, report.Totals, text.Totals);
        h.Append("</section>");

        for (int i = 0; i < report.Groups.Count; i++)
        {
            var group = report.Groups[i];
            var id = $"a{i + 1}";
            h.Append($"<section class=\"report-addressee\" aria-labelledby=\"{id}\"><h2 id=\"{id}\">{E(group.AddresseeName)}</h2>");
            CountsTable(h, group.Counts, group.AddresseeName);
            h.Append($"<h3>{E(text.LettersSent)}</h3>");
            if (group.Letters.Count == 0)
            {
                h.Append($"<p>{E(text.Nothing)}</p>");
            }
            else
            {
                h.Append($"<table class=\"report-rows\"><caption>{E(text.LettersSent)} · {E(group.AddresseeName)}</caption><thead><tr>");
                foreach (var column in new[] { text.Reference, text.Date, text.Type, text.Mandates, text.Subject, text.ReplyDue, text.Reply })
                {
                    h.Append($"<th scope=\"col\">{E(column)}</th>");
                }
                h.Append("</tr></thead><tbody>");
                foreach (var letter in group.Letters)
                {
                    var reference = letter.Page is { } page ? $"<a href=\"{root}{page}\">{E(letter.Reference)}</a>" : E(letter.Reference);
                    h.Append($"<tr><th scope=\"row\">{reference}</th><td>{E(text.FormatDate(letter.SentOn))}</td>");
                    if (!letter.IsPublic)
                    {
                        h.Append($"<td colspan=\"5\">{E(text.NotYetPublic)}</td></tr>");
                        continue;
                    }
                    h.Append($"<td>{E(letter.Type)}</td><td><ul class=\"plain\">");
                    foreach (var mandate in letter.Mandates!)
                    {
                        h.Append($"<li>{E(mandate)}</li>");
                    }
                    h.Append($"</ul></td><td><strong>{E(letter.Subject)}</strong><br>{E(letter.Summary)}</td>");
                    h.Append($"<td>{E(text.FormatDate(letter.ReplyDueOn!.Value))}</td><td>{E(text.LetterStatus(letter))}</td></tr>");
                }
                h.Append("</tbody></table>");
            }
            h.Append($"<h3>{E(text.RepliesInPeriod)}</h3>");
            if (group.Replies.Count == 0)
            {
                h.Append($"<p>{E(text.Nothing)}</p>");
            }
            else
            {
                h.Append($"<table class=\"report-rows\"><caption>{E(text.RepliesInPeriod)} · {E(group.AddresseeName)}</caption><thead><tr>");
                foreach (var column in new[] { text.Reference, text.Received, text.Reply, text.Status })
                {
                    h.Append($"<th scope=\"col\">{E(column)}</th>");
                }
                h.Append("</tr></thead><tbody>");
                foreach (var reply in group.Replies)
                {
                    var reference = reply.Page is { } page ? $"<a href=\"{root}{page}\">{E(reply.Reference)}</a>" : E(reply.Reference);
                    h.Append($"<tr><th scope=\"row\">{reference}</th><td>{E(text.FormatDate(reply.ReceivedOn))}</td><td>{E(text.ReplyTiming(reply))}</td><td>{E(text.ReplyVisibility(reply))}</td></tr>");
                }
                h.Append("</tbody></table>");
            }
            h.Append("</section>");
        }
        return _pages.Page(title, path, h.ToString(), StylesheetLink(siteRoot));
    }

    /// <summary>A period's page: its versions, newest first, each with its corrigendum note.</summary>
    public string Period(ReportingPeriod period)
    {
        var path = PeriodPage(period.Id);
        var (root, siteRoot) = _pages.At(path);
        var h = new StringBuilder(2048);
        var title = text.TitleOf(PublicText.Clean(period.Name));
        h.Append($"<h1>{E(title)}</h1><dl class=\"facts\"><dt>{E(text.Period)}</dt><dd>{E(text.FormatDate(period.StartsOn))} – {E(text.FormatDate(period.EndsOn))}</dd><dt>{E(text.Session)}</dt><dd>{E(period.Session)}</dd></dl>");
        h.Append($"<h2>{E(text.Versions)}</h2><ul>");
        foreach (var version in period.Versions.Reverse())
        {
            h.Append($"<li><a href=\"{root}{VersionPage(period.Id, version.Number)}\">{E(text.Version)} {version.Number}</a> · {E(text.Published)} {_pages.Instant(version.PublishedAt)}");
            if (version.Corrigendum is { } note)
            {
                h.Append($"<br>{E(text.CorrigendumTitle)}{E(text.Site.Colon)}{E(PublicText.Clean(note))}");
            }
            h.Append($" · <a href=\"{siteRoot}{PdfPath(period.Id, version.Number, text.Language)}\">PDF</a> · <a href=\"{siteRoot}{CsvPath(period.Id, version.Number)}\">CSV</a></li>");
        }
        h.Append("</ul>");
        return _pages.Page(title, path, h.ToString(), StylesheetLink(siteRoot));
    }

    /// <summary>Every final report, newest period first; before the first one, a page that says there is none yet.</summary>
    public string Index(IReadOnlyList<ReportingPeriod> finals)
    {
        var (root, siteRoot) = _pages.At(IndexPage);
        var h = new StringBuilder(2048);
        h.Append($"<h1>{E(text.AllReports)}</h1>");
        if (finals.Count == 0)
        {
            // The site writes this page before any report, since every page's navigation links here: no report
            // stylesheet and no reports feed exist yet, so it links to neither.
            h.Append($"<p>{E(text.NoReports)}</p>");
            return _pages.Page(text.AllReports, IndexPage, h.ToString());
        }
        h.Append($"<p><a href=\"{siteRoot}{Feed}\">{E(text.Site.Feeds)}</a></p><ul>");
        foreach (var period in finals.OrderByDescending(p => p.StartsOn).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            h.Append($"<li><a href=\"{root}{VersionPage(period.Id, period.Latest!.Number)}\">{E(PublicText.Clean(period.Name))}</a> · {E(PublicText.Clean(period.Session))} · {E(text.FormatDate(period.StartsOn))} – {E(text.FormatDate(period.EndsOn))}");
            if (period.Versions.Count > 1)
            {
                h.Append($" · <a href=\"{root}{PeriodPage(period.Id)}\">{E(text.Versions)} ({period.Versions.Count})</a>");
            }
            h.Append("</li>");
        }
        h.Append("</ul>");
        return _pages.Page(text.AllReports, IndexPage, h.ToString(), $"<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{siteRoot}{Feed}\">\n" + StylesheetLink(siteRoot));
    }

    private static string StylesheetLink(string siteRoot) => $"<link rel=\"stylesheet\" href=\"{siteRoot}{Stylesheet}\">\n";

    private void CountsTable(StringBuilder h, ReportCounts counts, string caption)
    {
        h.Append($"<table class=\"report-counts\"><caption>{E(caption)}</caption><thead><tr>");
        foreach (var column in new[] { text.Sent, text.Replied, text.OnTime, text.Late, text.NotReplied, text.ReplyRate, text.RepliesReceived })
        {
            h.Append($"<th scope=\"col\">{E(column)}</th>");
        }
        h.Append("</tr></thead><tbody><tr>");
        foreach (var value in new[] { counts.Sent, counts.Replied, counts.OnTime, counts.Late, counts.NotReplied })
        {
            h.Append($"<td>{value.ToString(CultureInfo.InvariantCulture)}</td>");
        }
        h.Append($"<td>{E(text.Rate(counts.ReplyRate))}</td><td>{counts.RepliesReceived.ToString(CultureInfo.InvariantCulture)}</td></tr></tbody></table>");
    }
}
