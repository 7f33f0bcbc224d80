using System.Diagnostics;
using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ResponsePortal.Publication;

namespace ResponsePortal.Benchmarks.Publication;

/// <summary>
/// What a publish renders per list chunk, written both ways, alternating in one process (ADR 0803): a 100-entry Atom
/// document by our XmlWriter code (SitePages.Feed) and by System.ServiceModel.Syndication; the open data's CSV pair of
/// 100 records by our RFC 4180 writer (OpenDataCsv) and by CsvHelper with the same formula guard.
/// </summary>
public static class FormatBenchmark
{
    private const string BaseUrl = "https://example.org/";

    public static Task<int> RunAsync(string[] args)
    {
        var iterations = int.Parse(BenchmarkArgs.Option(args, "--iterations", "300"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(BenchmarkArgs.Option(args, "--rounds", "10"), CultureInfo.InvariantCulture);
        var geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var records = new SyntheticArchive(SiteBenchmark.Seed, geneva).Generate(100).Select(i => PublishedRecordFactory.Create(i, geneva)).ToList();
        var entries = records.Select(ListingEntry.From).Select((e, i) => e with { Checkpoint = new LogCheckpoint(i + 1, new string('a', 64), e.PublishedAt) }).ToList();
        var pages = new SitePages(SiteText.English, BaseUrl);
        Console.WriteLine($"Format benchmark: 100 entries per document, {iterations} documents per measurement, {rounds} rounds (plus one warm-up), {Environment.ProcessorCount} cores");

        var times = new Dictionary<string, List<double>> { ["atom-own"] = [], ["atom-syndication"] = [], ["csv-csvhelper"] = [], ["csv-own"] = [] };
        for (int round = 0; round <= rounds; round++)
        {
            void Time(string name, Action render)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < iterations; i++)
                {
                    render();
                }
                if (round > 0)
                {
                    times[name].Add(clock.Elapsed.TotalMilliseconds / iterations);
                }
            }
            Time("atom-own", () => pages.Feed(SiteList.All, entries, 3, 10, isCurrent: false));
            Time("atom-syndication", () => SyndicationFeedOf(entries));
            Time("csv-own", () => { OpenDataCsv.Communications(records, BaseUrl); OpenDataCsv.Replies(records, BaseUrl); });
            Time("csv-csvhelper", () => { WithCsvHelper(OpenDataCsv.CommunicationColumns, CommunicationRows(records)); WithCsvHelper(OpenDataCsv.ReplyColumns, ReplyRows(records)); });
        }
        double M(string name) => StorageBenchmarks.Median(times[name]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Atom document: ours {M("atom-own"):0.000} ms, Syndication {M("atom-syndication"):0.000} ms; ratio {M("atom-syndication") / M("atom-own"):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Open data CSV pair: ours {M("csv-own"):0.000} ms, CsvHelper {M("csv-csvhelper"):0.000} ms; ratio {M("csv-csvhelper") / M("csv-own"):0.00}"));
        return Task.FromResult(0);
    }

    /// <summary>The same document as SitePages.Feed (archive chunk 3 of 10 of "all"), through Syndication's object model.</summary>
    private static byte[] SyndicationFeedOf(IReadOnlyList<ListingEntry> entries)
    {
        var text = SiteText.English;
        var feed = new SyndicationFeed { Id = $"{BaseUrl}feeds/all/3.xml", Title = new TextSyndicationContent($"{text.SiteName}: {text.AllCommunications}"), Language = text.Language, LastUpdatedTime = entries.Max(e => e.UpdatedAt) };
        feed.AttributeExtensions.Add(new XmlQualifiedName("fh", "http://www.w3.org/2000/xmlns/"), SitePages.ArchiveNamespace);
        feed.AttributeExtensions.Add(new XmlQualifiedName("log", "http://www.w3.org/2000/xmlns/"), SitePages.LogNamespace);
        feed.ElementExtensions.Add(new XElement(XName.Get("archive", SitePages.ArchiveNamespace)));
        feed.Authors.Add(new SyndicationPerson { Name = text.SiteName });
        foreach (var (rel, href, type) in new[] { ("self", "feeds/all/3.xml", "application/atom+xml"), ("alternate", "communications/", "text/html"), ("current", "feeds/all.xml", "application/atom+xml"), ("prev-archive", "feeds/all/2.xml", "application/atom+xml"), ("next-archive", "feeds/all/4.xml", "application/atom+xml") })
        {
            feed.Links.Add(new SyndicationLink(new Uri(BaseUrl + href), rel, null, type, 0));
        }
        feed.Items = entries.Reverse().Select(e =>
        {
            var item = new SyndicationItem { Id = $"{BaseUrl}c/{e.Slug}/", Title = new TextSyndicationContent($"{e.Reference}: {e.Subject}"), PublishDate = e.PublishedAt, LastUpdatedTime = e.UpdatedAt,
                Summary = new TextSyndicationContent($"{e.AddresseeName}. {text.ReplyStatusName(e.ReplyStatus)}. {e.Summary}") };
            item.Links.Add(new SyndicationLink(new Uri($"{BaseUrl}c/{e.Slug}/"), "alternate", null, "text/html", 0));
            item.ElementExtensions.Add(new XElement(XName.Get("head", SitePages.LogNamespace), new XAttribute("sequence", e.Checkpoint!.Sequence), new XAttribute("hash", e.Checkpoint.Hash),
                new XAttribute("at", e.Checkpoint.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture))));
            foreach (var mandate in e.Mandates)
            {
                item.Categories.Add(new SyndicationCategory(SiteSlugs.Of(mandate), null, mandate));
            }
            return item;
        }).ToList();
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            feed.SaveAsAtom10(w);
        }
        return buffer.ToArray();
    }

    private static IEnumerable<string[]> CommunicationRows(IEnumerable<PublishedRecord> records) => records.Select(r => new[]
    {
        r.Slug, r.Reference, r.Type, r.AddresseeId, r.AddresseeName, r.Subject, r.Summary, string.Join(OpenDataCsv.ListSeparator, r.Mandates),
        r.SentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ReplyWindowDays.ToString(CultureInfo.InvariantCulture),
        SitePages.Rfc3339(r.ClosesAt), SitePages.Rfc3339(r.PublishedAt), r.CorrectedAt is { } c ? SitePages.Rfc3339(c) : "", r.CaseId ?? "",
        BaseUrl + r.Letter.Path, r.Letter.Sha256, r.LetterIsPublicVersion ? "true" : "false", r.ReplyStatus, r.ReplyDays?.ToString(CultureInfo.InvariantCulture) ?? "", $"{BaseUrl}c/{r.Slug}/",
    });

    private static IEnumerable<string[]> ReplyRows(IEnumerable<PublishedRecord> records) => records.SelectMany(r => r.Replies.Select(reply => new[]
    {
        r.Slug, reply.Id, SitePages.Rfc3339(reply.ReceivedAt), reply.DaysLate.ToString(CultureInfo.InvariantCulture), reply.Status, reply.ReasonCategory ?? "", reply.Note ?? "", reply.Language ?? "",
        string.Join(OpenDataCsv.ListSeparator, reply.Files.Select(f => f.FileName)), string.Join(OpenDataCsv.ListSeparator, reply.Files.Select(f => BaseUrl + f.Path)),
        string.Join(OpenDataCsv.ListSeparator, reply.Files.Select(f => f.Sha256)),
    }));

    private static readonly CsvHelper.CsvWriterOptions CsvOptions = CsvHelper.CsvWriterOptions.Default with { NewLine = "\r\n", Injection = CsvHelper.CsvInjection.Escape };

    /// <summary>The same CSV through CsvHelper 34 (RFC 4180, CRLF, formula guard with an apostrophe).</summary>
    private static string WithCsvHelper(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvHelper.CsvWriter.Create(text, CsvOptions, leaveOpen: true))
        {
            csv.WriteRecord(header);
            foreach (var row in rows)
            {
                csv.WriteRecord(row);
            }
        }
        return text.ToString();
    }
}
