using System.Globalization;
using System.Text;

namespace ResponsePortal.Publication;

/// <summary>
/// The open data as CSV (RFC 4180, UTF-8, comma, CRLF, header row). Columns are documented in docs/open-data.md. Our own
/// writer, not CsvHelper, which was about 1.5 times slower on a chunk of the open data (ADR 0803).
/// </summary>
public static class OpenDataCsv
{
    public static readonly string[] CommunicationColumns =
    [
        "slug", "reference", "type", "addressee_id", "addressee_name", "subject", "summary", "mandates", "sent_on", "reply_window_days",
        "closes_at", "published_at", "corrected_at", "case_id", "letter_url", "letter_sha256", "letter_is_public_version", "reply_status", "reply_days", "page_url",
    ];

    public static readonly string[] ReplyColumns =
    [
        "communication_slug", "reply_id", "received_at", "days_late", "status", "reason_category", "note", "language", "file_names", "file_urls", "file_sha256s",
    ];

    /// <summary>Joins several values in one cell.</summary>
    public const string ListSeparator = " | ";

    public static string Communications(IEnumerable<PublishedRecord> records, string baseUrl)
    {
        var csv = new StringBuilder();
        Row(csv, CommunicationColumns);
        foreach (var r in records)
        {
            Row(csv,
            [
                r.Slug, r.Reference, r.Type, r.AddresseeId, r.AddresseeName, r.Subject, r.Summary, string.Join(ListSeparator, r.Mandates),
                r.SentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ReplyWindowDays.ToString(CultureInfo.InvariantCulture),
                SitePages.Rfc3339(r.ClosesAt), SitePages.Rfc3339(r.PublishedAt), r.CorrectedAt is { } c ? SitePages.Rfc3339(c) : "", r.CaseId ?? "",
                baseUrl + r.Letter.Path, r.Letter.Sha256, r.LetterIsPublicVersion ? "true" : "false", r.ReplyStatus,
                r.ReplyDays?.ToString(CultureInfo.InvariantCulture) ?? "", $"{baseUrl}c/{r.Slug}/",
            ]);
        }
        return csv.ToString();
    }

    public static string Replies(IEnumerable<PublishedRecord> records, string baseUrl)
    {
        var csv = new StringBuilder();
        Row(csv, ReplyColumns);
        foreach (var r in records)
        {
            foreach (var reply in r.Replies)
            {
                Row(csv,
                [
                    r.Slug, reply.Id, SitePages.Rfc3339(reply.ReceivedAt), reply.DaysLate.ToString(CultureInfo.InvariantCulture), reply.Status,
                    reply.ReasonCategory ?? "", reply.Note ?? "", reply.Language ?? "",
                    string.Join(ListSeparator, reply.Files.Select(f => f.FileName)),
                    string.Join(ListSeparator, reply.Files.Select(f => baseUrl + f.Path)),
                    string.Join(ListSeparator, reply.Files.Select(f => f.Sha256)),
                ]);
            }
        }
        return csv.ToString();
    }

    /// <summary>Appends one RFC 4180 row (the reports' CSV writes its rows through it too).</summary>
    public static void Row(StringBuilder csv, IReadOnlyList<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }
            var cell = cells[i];
            // A leading =, +, -, @, tab or carriage return would run as a formula in spreadsheets (OWASP's list, as
            // web/js/csv.js guards): prefix it with an apostrophe.
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                cell = "'" + cell;
            }
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
            }
            else
            {
                csv.Append(cell);
            }
        }
        csv.Append("\r\n");
    }

    /// <summary>Removes the apostrophe the writer puts before a leading =, +, -, @, tab or carriage return.</summary>
    public static string Unguard(string cell) => cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;

    /// <summary>A header row and the rows, as one CSV document.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        Row(csv, header);
        foreach (var row in rows)
        {
            Row(csv, row);
        }
        return csv.ToString();
    }

    /// <summary>Parses RFC 4180 CSV into rows of cells.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(Unguard(cell.ToString()));
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(Unguard(cell.ToString()));
                cell.Clear();
                rows.Add(row.ToArray());
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(Unguard(cell.ToString()));
            rows.Add(row.ToArray());
        }
        return rows;
    }
}
