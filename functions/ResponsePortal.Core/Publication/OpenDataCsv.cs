using System.Globalization;
using CsvHelper;

namespace ResponsePortal.Publication;

/// <summary>The open data as CSV (RFC 4180, UTF-8, comma, CRLF, header row). Columns are documented in docs/open-data.md.</summary>
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

    /// <summary>
    /// RFC 4180 with CRLF, written by CsvHelper (ADR 0803). A text cell that starts with =, +, -, @, a tab or a carriage
    /// return gets a leading apostrophe (and quotes), so a spreadsheet shows it as text instead of running it as a formula.
    /// </summary>
    private static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.Default with { NewLine = "\r\n", Injection = CsvInjection.Escape, InjectionEscape = '\'' };

    private static readonly CsvReaderOptions ReaderOptions = CsvReaderOptions.Default with { HasHeader = false, SkipEmptyLines = false };

    public static string Communications(IEnumerable<PublishedRecord> records, string baseUrl)
        => Write(CommunicationColumns, records.Select(r => new[]
        {
            r.Slug, r.Reference, r.Type, r.AddresseeId, r.AddresseeName, r.Subject, r.Summary, string.Join(ListSeparator, r.Mandates),
            r.SentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ReplyWindowDays.ToString(CultureInfo.InvariantCulture),
            SitePages.Rfc3339(r.ClosesAt), SitePages.Rfc3339(r.PublishedAt), r.CorrectedAt is { } c ? SitePages.Rfc3339(c) : "", r.CaseId ?? "",
            baseUrl + r.Letter.Path, r.Letter.Sha256, r.LetterIsPublicVersion ? "true" : "false", r.ReplyStatus,
            r.ReplyDays?.ToString(CultureInfo.InvariantCulture) ?? "", $"{baseUrl}c/{r.Slug}/",
        }));

    public static string Replies(IEnumerable<PublishedRecord> records, string baseUrl)
        => Write(ReplyColumns, records.SelectMany(r => r.Replies.Select(reply => new[]
        {
            r.Slug, reply.Id, SitePages.Rfc3339(reply.ReceivedAt), reply.DaysLate.ToString(CultureInfo.InvariantCulture), reply.Status,
            reply.ReasonCategory ?? "", reply.Note ?? "", reply.Language ?? "",
            string.Join(ListSeparator, reply.Files.Select(f => f.FileName)),
            string.Join(ListSeparator, reply.Files.Select(f => baseUrl + f.Path)),
            string.Join(ListSeparator, reply.Files.Select(f => f.Sha256)),
        })));

    /// <summary>A header row and the rows, as one CSV document (the reports' CSV is written through it too).</summary>
    public static string Write(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, WriterOptions, leaveOpen: true))
        {
            csv.WriteRecord(header);
            foreach (var row in rows)
            {
                csv.WriteRecord(row);
            }
        }
        return text.ToString();
    }

    /// <summary>Removes the apostrophe the writer puts before a leading =, +, -, @, tab or carriage return.</summary>
    public static string Unguard(string cell) => cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;

    /// <summary>Parses RFC 4180 CSV into rows of cells, taking off the formula guard.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        using var csv = CsvReader.FromText(text, ReaderOptions);
        while (csv.Read())
        {
            var row = new string[csv.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Unguard(csv.GetString(i));
            }
            rows.Add(row);
        }
        return rows;
    }
}
