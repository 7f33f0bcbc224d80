using System.Globalization;
using System.Text;
using ResponsePortal.Publication;

namespace ResponsePortal.Reports;

/// <summary>
/// The report's rows as CSV (RFC 4180, UTF-8, CRLF, header row; written by <see cref="OpenDataCsv.Row"/>, so a leading
/// =, +, - or @ is guarded as in the open data). One row per letter sent and per reply received; columns in docs/reports.md.
/// </summary>
public static class ReportCsv
{
    public static readonly string[] Columns =
    [
        "period_id", "version", "row", "addressee_id", "addressee_name", "slug", "reference", "date", "type", "mandates", "subject", "summary",
        "reply_due_on", "reply", "days_late", "public", "reason_category", "page_url",
    ];

    public static IEnumerable<string[]> Rows(CommunicationReport report, string baseUrl)
    {
        var root = baseUrl.TrimEnd('/') + "/";
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Number(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
        var version = report.Version.ToString(CultureInfo.InvariantCulture);
        foreach (var group in report.Groups)
        {
            foreach (var l in group.Letters)
            {
                yield return
                [
                    report.PeriodId, version, "letter", group.AddresseeId, group.AddresseeName, l.Slug, l.Reference, Day(l.SentOn), l.Type ?? "",
                    l.Mandates is null ? "" : string.Join(OpenDataCsv.ListSeparator, l.Mandates), l.Subject ?? "", l.Summary ?? "",
                    l.ReplyDueOn is { } due ? Day(due) : "", l.ReplyStatus, Number(l.DaysLate), l.IsPublic ? "true" : "false", "", l.Page is null ? "" : root + l.Page,
                ];
            }
            foreach (var r in group.Replies)
            {
                yield return
                [
                    report.PeriodId, version, "reply", group.AddresseeId, group.AddresseeName, r.Slug, r.Reference, Day(r.ReceivedOn), "", "", "", "",
                    "", r.Status, Number(r.DaysLate), r.Status == ReportReplyVisibility.NotYetPublic ? "false" : "true", r.ReasonCategory ?? "", r.Page is null ? "" : root + r.Page,
                ];
            }
        }
    }

    public static string Write(CommunicationReport report, string baseUrl)
    {
        var csv = new StringBuilder();
        OpenDataCsv.Row(csv, Columns);
        foreach (var row in Rows(report, baseUrl))
        {
            OpenDataCsv.Row(csv, row);
        }
        return csv.ToString();
    }
}
