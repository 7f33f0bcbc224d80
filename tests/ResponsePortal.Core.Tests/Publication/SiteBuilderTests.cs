using System.Runtime.CompilerServices;
using System.Xml.Linq;
using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed partial class SiteBuilderTests : IDisposable
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rp-site-tests-" + Guid.NewGuid().ToString("N"));
    private readonly SyntheticArchive _archive = new(42, Geneva);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private SiteBuilder Builder(ISiteOutput output, int chunk = 10) => new(output, _archive, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = chunk, ListChunkSize = chunk }, Geneva);

    private async Task PublishOneAsync(SiteBuilder builder, PublicationInput input)
        => await builder.ApplyAsync(await builder.PrepareAsync(input, default), default);

    [Fact]
    public async Task Publishing_one_by_one_produces_the_same_site_as_a_full_build()
    {
        var inputs = _archive.Generate(27);
        var full = new LocalFolderSiteOutput(Path.Combine(_root, "full"));
        var incremental = new LocalFolderSiteOutput(Path.Combine(_root, "incremental"));
        await Builder(full).BuildAllAsync(inputs, null, null, default);

        var builder = Builder(incremental);
        await builder.BuildAllAsync(inputs.Take(8).ToList(), null, null, default);
        foreach (var input in inputs.Skip(8))
        {
            await PublishOneAsync(builder, input);
        }

        await AssertSameFilesAsync(full, incremental);
    }

    /// <summary>The same paths under <paramref name="prefix"/> with the same bytes in a full build and a site published one by one.</summary>
    private static async Task AssertSameFilesAsync(LocalFolderSiteOutput full, LocalFolderSiteOutput incremental, string prefix = "")
    {
        var fullFiles = (await ReadAllAsync(full)).Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary();
        var incrementalFiles = (await ReadAllAsync(incremental)).Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(fullFiles.Keys.Order(StringComparer.Ordinal), incrementalFiles.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in fullFiles)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(incrementalFiles[path]), $"{path} differs between the full build and one-by-one publishing");
        }
    }

    [Fact]
    public async Task Publishing_one_by_one_splits_the_newest_search_segment_as_it_fills_and_ends_with_the_full_builds_files()
    {
        // 16 buckets in segments of 20: a segment holding up to 10 communications has 8 (files under data/search/{s}/8/),
        // from 11 on it has 16. Publishing 9 to 47 one by one splits segment 0 at 11, fills it at 20, starts segment 1
        // with 8 buckets, splits it at 31, and so on.
        SiteBuilder Small(ISiteOutput output) => new(output, _archive, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 10, ListChunkSize = 10, SearchBuckets = 16, SearchSegmentSize = 20 }, Geneva);
        var inputs = _archive.Generate(47);
        var full = new LocalFolderSiteOutput(Path.Combine(_root, "full"));
        var incremental = new LocalFolderSiteOutput(Path.Combine(_root, "incremental"));
        await Small(full).BuildAllAsync(inputs, null, null, default);
        var builder = Small(incremental);
        await builder.BuildAllAsync(inputs.Take(8).ToList(), null, null, default);
        var index = new SearchIndex(16, 20, 10);
        foreach (var (input, count) in inputs.Skip(8).Select((input, i) => (input, i + 9)))
        {
            await PublishOneAsync(builder, input);
            // After each publication the newest segment's files are those of its current count, and only those.
            var last = index.Segments(count) - 1;
            var searchFiles = (await ReadAllAsync(incremental)).Keys.Where(p => p.StartsWith($"data/search/{last}/", StringComparison.Ordinal)).ToList();
            var expectedFolder = index.BucketsIn(last, count) == 16 ? $"data/search/{last}/" : $"data/search/{last}/8/";
            Assert.All(searchFiles, p => Assert.Equal(expectedFolder, p[..(p.LastIndexOf('/') + 1)]));
        }

        Assert.Contains("data/search/2/8/", (await ReadAllAsync(full)).Keys.Select(p => p[..(p.LastIndexOf('/') + 1)]));
        await AssertSameFilesAsync(full, incremental);
    }

    [Fact]
    public async Task A_site_whose_newest_segment_was_written_with_every_bucket_is_split_at_its_next_publication_without_losing_a_posting()
    {
        // A site published before the newest segment had its own count: every bucket file in the segment's folder and
        // an index.json without lastSegmentBuckets. Its next publication must read those files, not look for others.
        SiteBuilder Small(ISiteOutput output) => new(output, _archive, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 10, ListChunkSize = 10, SearchBuckets = 16, SearchSegmentSize = 20 }, Geneva);
        var inputs = _archive.Generate(6);
        var old = new LocalFolderSiteOutput(Path.Combine(_root, "old"));
        var builder = Small(old);
        await builder.BuildAllAsync(inputs.Take(5).ToList(), null, null, default);
        var index = new SearchIndex(16, 20, 10);
        var all = new SearchIndex.Bucket();
        foreach (var (path, bytes) in (await ReadAllAsync(old)).Where(f => f.Key.StartsWith("data/search/0/8/", StringComparison.Ordinal)))
        {
            foreach (var (term, positions) in SearchIndex.Bucket.From(bytes).Postings)
            {
                positions.ForEach(p => all.Add(term, p));
            }
            await old.DeleteAsync(path, default);
        }
        foreach (var bucket in all.Postings.GroupBy(p => index.BucketOf(p.Key)))
        {
            var file = new SearchIndex.Bucket();
            foreach (var (term, positions) in bucket)
            {
                positions.ForEach(p => file.Add(term, p));
            }
            await old.WriteAsync(SearchIndex.BucketPath(0, bucket.Key), file.ToBytes(), "application/json", default);
        }
        await old.WriteAsync(SearchIndex.IndexPath, "{\"schemaVersion\":1,\"buckets\":16,\"segmentSize\":20,\"segments\":1,\"docsChunkSize\":10}"u8.ToArray(), "application/json", default);

        await PublishOneAsync(builder, inputs[5]);

        var full = new LocalFolderSiteOutput(Path.Combine(_root, "full"));
        await Small(full).BuildAllAsync(inputs, null, null, default);
        await AssertSameFilesAsync(full, old, "data/search/");
    }

    /// <summary>Two report versions as the report publisher announces them (docs/reports.md).</summary>
    private static readonly FeedAnnouncement[] Reports =
    [
        new("https://example.org/reports/hrc-17/v1/", "Communications report: HRC 17", new DateTimeOffset(2011, 5, 2, 9, 0, 0, TimeSpan.Zero), "17th regular session.",
            "https://example.org/reports/hrc-17/v1/report-en.pdf", "application/pdf", new LogCheckpoint(3, new string('a', 64), new DateTimeOffset(2011, 5, 1, 9, 0, 0, TimeSpan.Zero))),
        new("https://example.org/reports/hrc-17/v2/", "Communications report: HRC 17 (Corrigendum, Version 2)", new DateTimeOffset(2011, 6, 2, 9, 0, 0, TimeSpan.Zero), "Corrigendum: a reply added.",
            "https://example.org/reports/hrc-17/v2/report-en.pdf", "application/pdf", null),
    ];

    private static Task AnnounceReportsAsync(ISiteOutput output)
        => output.WriteAsync(FeedAnnouncement.Path, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Reports, SiteBuilder.Json), "application/json", default);

    [Fact]
    public async Task Atom_feed_pages_link_every_entry_exactly_once_through_rfc_5005_archives()
    {
        var output = new LocalFolderSiteOutput(_root);
        await AnnounceReportsAsync(output);
        var builder = Builder(output, chunk: 4);
        var inputs = _archive.Generate(15);
        await builder.BuildAllAsync(inputs.Take(5).ToList(), null, null, default);
        foreach (var input in inputs.Skip(5))
        {
            await PublishOneAsync(builder, input);
        }

        var ids = new List<string>();
        var atom = XNamespace.Get(SitePages.AtomNamespace);
        var history = XNamespace.Get(SitePages.ArchiveNamespace);
        var document = XDocument.Load(Path.Combine(_root, "feeds/all.xml"));
        Assert.Null(document.Root!.Element(history + "archive"));
        while (true)
        {
            ids.AddRange(document.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value));
            var previous = document.Root.Elements(atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "prev-archive");
            if (previous is null)
            {
                break;
            }
            var path = ((string)previous.Attribute("href")!)["https://example.org/".Length..];
            document = XDocument.Load(Path.Combine(_root, path));
            Assert.NotNull(document.Root!.Element(history + "archive"));
            Assert.Contains(document.Root.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "current");
        }
        // The communications, and the report versions once each: in the subscription document only, archives never change.
        Assert.Equal(15 + Reports.Length, ids.Count);
        Assert.Equal(15 + Reports.Length, ids.Distinct().Count());
        var current = XDocument.Load(Path.Combine(_root, "feeds/all.xml")).Root!;
        Assert.Equal(Reports.Select(r => r.Id), current.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value).Where(id => id.Contains("/reports/")).Order());
        var report = current.Elements(atom + "entry").Single(e => e.Element(atom + "id")!.Value == Reports[0].Id);
        Assert.Equal(Reports[0].Enclosure, (string)report.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "enclosure").Attribute("href")!);
        var head = report.Element(XName.Get("head", SitePages.LogNamespace))!;
        Assert.Equal(("3", Reports[0].Checkpoint!.Hash), ((string)head.Attribute("sequence")!, (string)head.Attribute("hash")!));
        var first = XDocument.Load(Path.Combine(_root, "feeds/all/0.xml"));
        Assert.Equal("https://example.org/feeds/all/1.xml", (string)first.Root!.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "next-archive").Attribute("href")!);
    }

    [Fact]
    public async Task Every_page_links_to_the_reports_whose_index_says_in_each_language_that_none_is_published_yet()
    {
        var output = new LocalFolderSiteOutput(_root);
        await Builder(output).BuildAllAsync(_archive.Generate(3), null, null, default);

        foreach (var text in SiteText.All)
        {
            var home = await File.ReadAllTextAsync(Path.Combine(_root, text.Prefix + "index.html"));
            Assert.Contains($"reports/\">{SitePages.E(text.Reports)}</a>", home);
            var index = await File.ReadAllTextAsync(Path.Combine(_root, text.Prefix + "reports/index.html"));
            Assert.Contains($"<html lang=\"{text.Language}\">", index);
            Assert.Contains(SitePages.E(ResponsePortal.Reports.ReportText.For(text.Language).NoReports), index);
        }
        Assert.Contains("https://example.org/fr/reports/", await File.ReadAllTextAsync(Path.Combine(_root, "sitemaps/site.xml")));
    }

    [Fact]
    public async Task Publishing_leaves_the_reports_index_of_a_published_report_as_it_is()
    {
        var output = new LocalFolderSiteOutput(_root);
        var inputs = _archive.Generate(4);
        await Builder(output).BuildAllAsync(inputs.Take(2).ToList(), null, null, default);
        await output.WriteAsync("reports/index.html", "the published reports"u8.ToArray(), "text/html", default);

        // A new process (static files not yet written by it) publishes, then the whole site is rendered again.
        await PublishOneAsync(Builder(output), inputs[2]);
        await Builder(output).BuildAllAsync(inputs, null, null, default);

        Assert.Equal("the published reports", await File.ReadAllTextAsync(Path.Combine(_root, "reports/index.html")));
    }

    [Fact]
    public async Task A_full_build_and_one_by_one_publishing_keep_the_report_announcements_in_the_main_feed()
    {
        var full = new LocalFolderSiteOutput(Path.Combine(_root, "full"));
        var incremental = new LocalFolderSiteOutput(Path.Combine(_root, "incremental"));
        var empty = new LocalFolderSiteOutput(Path.Combine(_root, "empty"));
        var inputs = _archive.Generate(7);
        foreach (var output in new[] { full, incremental, empty })
        {
            await AnnounceReportsAsync(output);
        }

        await Builder(full).BuildAllAsync(inputs, null, null, default);
        var builder = Builder(incremental);
        await builder.BuildAllAsync(inputs.Take(3).ToList(), null, null, default);
        foreach (var input in inputs.Skip(3))
        {
            await PublishOneAsync(builder, input);
        }
        await Builder(empty).BuildAllAsync([], null, null, default);

        var feed = await File.ReadAllBytesAsync(Path.Combine(_root, "full", "feeds/all.xml"));
        Assert.Equal(feed, await File.ReadAllBytesAsync(Path.Combine(_root, "incremental", "feeds/all.xml")));
        Assert.All(Reports, r => Assert.Contains(r.Id, System.Text.Encoding.UTF8.GetString(feed)));
        // Reports published before any communication: the main feed announces them alone.
        var alone = XDocument.Load(Path.Combine(_root, "empty", "feeds/all.xml")).Root!;
        Assert.Equal(Reports.Length, alone.Elements(XName.Get("entry", SitePages.AtomNamespace)).Count());
        Assert.Equal("2011-06-02T09:00:00.000Z", alone.Element(XName.Get("updated", SitePages.AtomNamespace))!.Value);
    }

    [Theory]
    [InlineData(35)]
    [InlineData(605)]
    public async Task Publishing_one_communication_touches_a_bounded_number_of_files_whatever_the_archive_size(int archiveSize)
    {
        var counting = new CountingOutput(new LocalFolderSiteOutput(_root));
        var builder = Builder(counting, chunk: 25);
        await builder.BuildAllAsync(_archive.Generate(archiveSize), null, null, default);
        counting.Reset();

        await PublishOneAsync(builder, _archive.One(archiveSize));

        // Each HTML page is written once per language (3), so the single-language bound of 60 grows by that factor only;
        // the full-text index adds at most its buckets (in the communication's segment) and the docs chunk.
        var index = new SiteSettings { BaseUrl = "https://example.org/" };
        Assert.InRange(counting.Writes, 1, 60 * SiteText.All.Count + index.SearchBuckets + 2);
        Assert.InRange(counting.SearchWrites, 2, index.SearchBuckets + 2);
        Assert.Equal(0, counting.HtmlWrites % SiteText.All.Count);
        Assert.InRange(counting.Reads, 1, 30 + index.SearchBuckets + 1);
    }

    [Fact]
    public async Task Republishing_without_a_word_takes_it_out_of_the_index_and_leaves_the_other_postings_as_they_were()
    {
        var files = new ChosenFiles();
        var output = new LocalFolderSiteOutput(_root);
        var builder = new SiteBuilder(output, files, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 10, ListChunkSize = 10, SearchBuckets = 8, SearchSegmentSize = 20 }, Geneva);
        await builder.BuildAllAsync(_archive.Generate(12), null, null, default);
        var chosen = Enumerable.Range(12, 100).Select(_archive.One).First(i => i.Replies.Count > 0 && i.Replies[0].Confidentiality is null);
        PublicationInput WithReplyText(string name, string text)
            => chosen with { Replies = [chosen.Replies[0] with { Files = [files.Add($"chosen/{name}", text)] }, .. chosen.Replies.Skip(1)] };

        await PublishOneAsync(builder, WithReplyText("first.txt", "Zebrafinch and quokka were seen near the river."));
        var position = (await builder.ReadRecordAsync(chosen.Communication.Slug, default))!.Positions![SiteList.All.Key];
        var before = await PostingsAsync(output);
        Assert.Contains(position, before["zebrafinch"]);
        Assert.Contains(position, before["quokka"]);

        await PublishOneAsync(builder, WithReplyText("second.txt", "Only the quokka was seen near the river."));

        var after = await PostingsAsync(output);
        Assert.False(after.ContainsKey("zebrafinch"), "a word no longer in the communication is no longer in the index");
        Assert.Contains(position, after["quokka"]);
        Assert.Equal(before.Keys.Where(k => k != "zebrafinch").Append("only").Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (term, positions) in before)
        {
            if (term != "zebrafinch")
            {
                Assert.Equal(positions.Where(p => p != position), after[term].Where(p => p != position));
            }
        }
    }

    /// <summary>Term → positions, over every bucket file of every segment (positions are made absolute again).</summary>
    private static async Task<Dictionary<string, List<int>>> PostingsAsync(LocalFolderSiteOutput output)
    {
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var segmentSize = System.Text.Json.JsonDocument.Parse((await output.ReadAsync(SearchIndex.IndexPath, default))!).RootElement.GetProperty("segmentSize").GetInt32();
        foreach (var (path, bytes) in await ReadAllAsync(output))
        {
            var parts = path.Split('/');
            if (parts is ["data", "search", var segment, _] && int.TryParse(segment, out var s))
            {
                foreach (var (term, locals) in SearchIndex.Bucket.From(bytes).Postings)
                {
                    postings[term] = [.. (postings.GetValueOrDefault(term) ?? []), .. locals.Select(l => s * segmentSize + l)];
                }
            }
        }
        return postings;
    }

    /// <summary>Reply files with text the test chooses; letters from the synthetic archive.</summary>
    private sealed class ChosenFiles : IPublicationFileSource
    {
        private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

        public ResponsePortal.Replies.ReplyFile Add(string blobName, string text)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            _bytes[blobName] = bytes;
            return new(blobName, Path.GetFileName(blobName), "text/plain; charset=utf-8", bytes.Length, SiteBuilder.Sha256(bytes));
        }

        public Task<byte[]> ReadLetterAsync(ResponsePortal.Documents.StoredDocument document, CancellationToken cancellationToken) => Task.FromResult(SyntheticArchive.Content(document.BlobName));

        public Task<byte[]> ReadReplyFileAsync(ResponsePortal.Replies.ReplyFile file, CancellationToken cancellationToken)
            => Task.FromResult(_bytes.GetValueOrDefault(file.BlobName) ?? SyntheticArchive.Content(file.BlobName));
    }

    [Fact]
    public void The_synthetic_archive_is_the_same_in_every_process()
    {
        // HashCode is randomised per process; the archive (and so the read bound above, which depends on how many
        // mandates communication 605 has) used to change from run to run. These values are fixed for seed 42.
        Assert.Equal(1139149208, SyntheticArchive.SeedOf(42, 605));
        var one = _archive.One(605);
        Assert.Equal("SAU", one.Communication.AddresseeId);
        Assert.Equal(2, one.Communication.Mandates.Count);
        Assert.Equal(_archive.One(605).Communication.Reference.Slug, new SyntheticArchive(42, Geneva).One(605).Communication.Reference.Slug);
        // Made on every core, the archive still comes back in order: number i is One(i).
        var generated = _archive.Generate(700);
        foreach (var i in new[] { 0, 1, 350, 605, 699 })
        {
            Assert.Equal(_archive.One(i).Communication.Reference.Slug, generated[i].Communication.Reference.Slug);
            Assert.Equal(_archive.One(i).Communication.Letter.Sha256, generated[i].Communication.Letter.Sha256);
        }
        // The documents' words too: a benchmark's two sides read the same texts, in any process. Value fixed on
        // 3 December 2026, when the words came to be drawn with SplitMix64 and a quantised Zipf table (same law, other words).
        var texts = new System.Text.StringBuilder();
        for (ulong key = 0; key < 90; key++)
        {
            texts.Append(SyntheticArchive.GeneratedText(key * 0x9E3779B97F4A7C15UL, (key % 3) switch { 0 => "en", 1 => "fr", _ => "es" }, 1 + (int)(key % 4)));
        }
        Assert.Equal("634312d142212280aa783cf3119ba6eb8aab2ad236505b92ae45eded556000e8", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(texts.ToString()))));
    }

    [Fact]
    public void Synthetic_texts_draw_their_words_by_the_Zipf_law_with_rare_names_and_numbers()
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var total = 0;
        for (ulong key = 1; key <= 60; key++)
        {
            foreach (var word in SyntheticArchive.GeneratedText(key, "en", 4).Split([' ', ',', '.', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
                total++;
            }
        }
        // Ranks 1, 2, 3, 4 of the English vocabulary: shares 1, 1/2, 1/3, 1/4 of the first's.
        Assert.InRange((double)counts["the"] / counts["of"], 1.85, 2.15);
        Assert.InRange((double)counts["the"] / counts["and"], 2.75, 3.25);
        Assert.InRange((double)counts["the"] / counts["to"], 3.6, 4.4);
        // About 1 word in 100 is a name of syllables and 1 in 100 a number.
        var numbers = counts.Where(c => char.IsAsciiDigit(c.Key[0])).Sum(c => c.Value);
        Assert.InRange((double)numbers / total, 0.008, 0.012);
        Assert.True(total > 60 * 4 * 450 * 0.99, $"{total} words in 240 pages");
    }

    [Fact]
    public async Task Two_full_builds_of_the_same_archive_with_different_thread_timing_write_identical_folders()
    {
        var inputs = _archive.Generate(130);
        var steady = new LocalFolderSiteOutput(Path.Combine(_root, "steady"));
        var jittery = new JitteryOutput(new LocalFolderSiteOutput(Path.Combine(_root, "jittery")), new Random(7));
        await Builder(steady, chunk: 10).BuildAllAsync(inputs, null, null, default);
        await Builder(jittery, chunk: 10).BuildAllAsync(inputs, null, null, default);

        var a = await ReadAllAsync(steady);
        var b = await ReadAllAsync(jittery);
        Assert.Equal(a.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in a)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(b[path]), $"{path} depends on thread timing");
        }
    }

    [Fact]
    public async Task Communication_pages_of_a_synthetic_archive_without_the_documents_text_stay_under_30_KB_with_the_stylesheet()
    {
        // The budget of the page's own markup; the documents' text comes on top, its length the documents' (issue 14).
        var output = new LocalFolderSiteOutput(_root);
        await new SiteBuilder(output, _archive, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 10, ListChunkSize = 10, TextExtractor = null }, Geneva)
            .BuildAllAsync(_archive.Generate(40), null, null, default);

        var css = new FileInfo(Path.Combine(_root, "site.css")).Length;
        var largest = Directory.EnumerateFiles(Path.Combine(_root, "c"), "index.html", SearchOption.AllDirectories).Max(f => new FileInfo(f).Length);
        Assert.True(largest + css < 30 * 1024, $"{largest} + {css}");
    }

    [Fact]
    public async Task Every_page_has_landmarks_a_skip_link_and_one_main_heading()
    {
        var output = new LocalFolderSiteOutput(_root);
        await Builder(output).BuildAllAsync(_archive.Generate(12), null, null, default);

        foreach (var file in Directory.EnumerateFiles(_root, "*.html", SearchOption.AllDirectories))
        {
            var html = await File.ReadAllTextAsync(file);
            var relative = Path.GetRelativePath(_root, file).Replace('\\', '/');
            var language = relative.StartsWith("fr/", StringComparison.Ordinal) ? "fr" : relative.StartsWith("es/", StringComparison.Ordinal) ? "es" : "en";
            Assert.Contains($"<html lang=\"{language}\">", html);
            Assert.Contains("<a class=\"skip\" href=\"#main\">", html);
            Assert.Contains("<main id=\"main\"", html);
            Assert.Contains("<nav aria-label=", html);
            Assert.Contains("<footer>", html);
            Assert.Equal(1, html.Split("<h1>").Length - 1);
            Assert.Contains("name=\"viewport\"", html);
        }
        var search = await File.ReadAllTextAsync(Path.Combine(_root, "search.html"));
        foreach (var field in new[] { "q", "addressee", "mandate", "year", "type", "reply" })
        {
            Assert.Contains($"<label for=\"{field}\">", search);
        }
    }

    [Fact]
    public async Task French_and_Spanish_have_the_same_pages_as_english_under_their_folders_with_a_switcher_and_hreflang()
    {
        var output = new LocalFolderSiteOutput(_root);
        await Builder(output).BuildAllAsync(_archive.Generate(12), null, null, default);

        var html = Directory.EnumerateFiles(_root, "*.html", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).ToList();
        var english = html.Where(p => !p.StartsWith("fr/", StringComparison.Ordinal) && !p.StartsWith("es/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(english, html.Where(p => p.StartsWith("fr/", StringComparison.Ordinal)).Select(p => p[3..]).Order(StringComparer.Ordinal));
        Assert.Equal(english, html.Where(p => p.StartsWith("es/", StringComparison.Ordinal)).Select(p => p[3..]).Order(StringComparer.Ordinal));
        var slug = english.First(p => p.StartsWith("c/", StringComparison.Ordinal)).Split('/')[1];
        var page = await File.ReadAllTextAsync(Path.Combine(_root, "fr", "c", slug, "index.html"));
        Assert.Contains("<nav class=\"languages\" aria-label=\"Langue\">", page);
        Assert.Contains("<a href=\"../../../c/" + slug + "/\" hreflang=\"en\" lang=\"en\">English</a>", page);
        Assert.Contains("<a href=\"../../../fr/c/" + slug + "/\" hreflang=\"fr\" lang=\"fr\" aria-current=\"true\">Français</a>", page);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/c/{slug}/\">", page);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/c/{slug}/\">", page);
        Assert.Contains("<h2>Réponses</h2>", page);
        Assert.Contains("href=\"../../../site.css\"", page);
    }

    [Fact]
    public async Task Every_relative_link_of_every_language_points_to_a_file_of_the_site()
    {
        var output = new LocalFolderSiteOutput(_root);
        await Builder(output, chunk: 4).BuildAllAsync(_archive.Generate(12), null, null, default);

        var broken = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_root, "*.html", SearchOption.AllDirectories))
        {
            var html = await File.ReadAllTextAsync(file);
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"#:]+)\""))
            {
                if (link.Groups[1].Value.EndsWith("log/", StringComparison.Ordinal))
                {
                    continue; // this build has no publication log to render
                }
                // A query (verify.html?page=…) names the same file.
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, System.Net.WebUtility.HtmlDecode(link.Groups[1].Value).Split('?')[0]));
                if (!File.Exists(target) && !File.Exists(Path.Combine(target, "index.html")))
                {
                    broken.Add($"{Path.GetRelativePath(_root, file)} -> {link.Groups[1].Value}");
                }
            }
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken.Distinct().Take(20)));
    }

    [Fact]
    public async Task Pages_in_french_keep_what_people_wrote_as_written_and_encoded()
    {
        var output = new LocalFolderSiteOutput(_root);
        var inputs = _archive.Generate(3);
        await Builder(output).BuildAllAsync(inputs, null, null, default);

        var record = PublishedRecordFactory.Create(inputs[0], Geneva);
        var french = await File.ReadAllTextAsync(Path.Combine(_root, "fr", "c", record.Slug, "index.html"));
        // The site encodes the five markup characters and keeps letters such as "ô" as text (SitePages.E).
        Assert.Contains(SitePages.E(record.Subject), french);
        Assert.Contains(SitePages.E(record.Summary), french);
        Assert.Contains(SiteText.French.FormatDate(record.SentOn.ToDateTime(TimeOnly.MinValue)), french);
    }

    private static async Task<Dictionary<string, byte[]>> ReadAllAsync(ISiteOutput output)
    {
        var all = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var path in output.ListAsync(default))
        {
            all[path] = (await output.ReadAsync(path, default))!;
        }
        return all;
    }

    /// <summary>Yields or sleeps at random before each write and read, so parallel parts of a build interleave differently.</summary>
    private sealed class JitteryOutput(ISiteOutput inner, Random random) : ISiteOutput
    {
        private async Task JitterAsync()
        {
            int roll;
            lock (random)
            {
                roll = random.Next(8);
            }
            if (roll == 0)
            {
                await Task.Delay(1);
            }
            else if (roll < 4)
            {
                await Task.Yield();
            }
        }

        public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
        {
            await JitterAsync();
            await inner.WriteAsync(path, content, contentType, cancellationToken);
        }

        public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
        {
            await JitterAsync();
            return await inner.ReadAsync(path, cancellationToken);
        }

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }

    private sealed class CountingOutput(ISiteOutput inner) : ISiteOutput
    {
        public int Writes;
        public int HtmlWrites;
        public int Reads;
        public int SearchWrites;

        public void Reset() => Writes = HtmlWrites = Reads = SearchWrites = 0;

        public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Writes);
            if (path.EndsWith(".html", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref HtmlWrites);
            }
            if (path.StartsWith("data/search/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref SearchWrites);
            }
            return inner.WriteAsync(path, content, contentType, cancellationToken);
        }

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            return inner.ReadAsync(path, cancellationToken);
        }

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }
}
