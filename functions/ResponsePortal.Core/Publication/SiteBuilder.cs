using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

public sealed class SiteSettings
{
    /// <summary>Absolute URL of the site root (Atom ids, sitemap, 404 page links).</summary>
    public required string BaseUrl { get; init; }
    /// <summary>Entries per chunk of the "all" listing: its pages and feed documents, the search-index and open-data shards, sitemaps, log pages.</summary>
    public int ChunkSize { get; init; } = 100;
    /// <summary>Entries per page (and feed document) of the addressee, mandate, year and type listings.</summary>
    public int ListChunkSize { get; init; } = 25;
    public int HomeCount { get; init; } = 20;
    /// <summary>The languages of the HTML pages; the first is at the site root. Data, feeds and files are written once.</summary>
    public IReadOnlyList<SiteText> Languages { get; init; } = SiteText.All;
    /// <summary>
    /// Storage calls in flight at once: a full build's communications and uploads, one publication's reads of its
    /// listings and its writes. 1 issues every call after the previous one (the path before issue 13).
    /// </summary>
    public int StorageConcurrency { get; init; } = Environment.ProcessorCount * 2;
    /// <summary>
    /// Reads the text of each public file into its record (issue 14, ADR 0306); null publishes files without text,
    /// as before, and is the baseline the benchmarks compare with.
    /// </summary>
    public TextExtractor? TextExtractor { get; init; } = new();
    /// <summary>Whether the full-text index (<c>data/search/</c>) is written; off only for the benchmark's baseline.</summary>
    public bool FullTextIndex { get; init; } = true;
    /// <summary>Term buckets of the full-text index: a query reads one per word, a publication rewrites at most this many (ADR 0308).</summary>
    public int SearchBuckets { get; init; } = 128;
    /// <summary>Communications per segment of the full-text index: a publication's rewrite is bounded by it, a query reads one file per segment and word.</summary>
    public int SearchSegmentSize { get; init; } = 1000;
}

/// <summary>The publication feature's settings (section <c>Publication</c>).</summary>
public sealed class PublicationOptions
{
    public const string Section = "Publication";

    /// <summary>
    /// Storage calls a publication or a rebuild keeps in flight at once (<see cref="SiteSettings.StorageConcurrency"/>).
    /// Each call to Blob storage is a network round trip; Azure serves many at once, so the default is well above the cores.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int StorageConcurrency { get; set; } = 16;
}

/// <summary>A publication computed but not yet written: what the log will record and whether anything changed.</summary>
public sealed record PreparedPublication(
    PublicationInput Input,
    PublishedRecord Record,
    byte[] RecordBytes,
    PublishedRecord? Previous,
    IReadOnlyList<PublicationLogFile> Files,
    bool Changed,
    IReadOnlyList<string> NewPlaceholders)
{
    /// <summary>Files read for their text, by site path, so that writing them does not read them again (up to <see cref="SiteBuilder.KeptBytes"/>).</summary>
    public IReadOnlyDictionary<string, byte[]>? ReadFiles { get; init; }
}

public sealed record SiteBuildStats(int Communications, int HtmlPages, int FilesWritten, TimeSpan Elapsed)
{
    public double PagesPerSecond => HtmlPages / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>
    /// The process's CPU time (every thread, user and kernel) over the build, where nothing else ran beside it (a
    /// <c>site</c> command): on a shared machine a build's wall time moves with the host's load, its CPU time far less.
    /// </summary>
    public TimeSpan? ProcessorTime { get; init; }
}

/// <summary>
/// Writes the public site. Two ways in: <see cref="BuildAllAsync"/> renders everything from a set of published
/// communications; <see cref="ApplyAsync"/> publishes one and rewrites only the pages that change. Listings are
/// kept as fixed-size chunks in publication order (append-only), each with its own data shard, HTML page and
/// Atom archive document, so a publish touches a bounded number of files whatever the size of the archive.
/// </summary>
public sealed class SiteBuilder(ISiteOutput output, IPublicationFileSource fileSource, SiteSettings settings, TimeZoneInfo timeZone, IPublicationSigner? signer = null)
{
    /// <summary>
    /// Whether this process has put the stylesheet, scripts, verify and 404 pages on the site. They come from the
    /// assembly, so they change only with a new release (a new process): once written, a publication need not
    /// rewrite them (10 storage calls of about 90). Shared by every <see cref="On"/> copy.
    /// </summary>
    private sealed class StaticFiles
    {
        public volatile bool Published;
    }

    private StaticFiles _static = new();

    /// <summary>How often a file's text was read and how often an earlier reading was reused; shared by every <see cref="On"/> copy.</summary>
    public sealed class TextCounts
    {
        private int _extracted;
        private int _reused;
        private long _ticks;

        public int Extracted => _extracted;
        public int Reused => _reused;
        /// <summary>Time spent reading texts, summed over files (several run at once in a full build).</summary>
        public TimeSpan Spent => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        internal void CountExtracted(TimeSpan spent)
        {
            Interlocked.Increment(ref _extracted);
            Interlocked.Add(ref _ticks, spent.Ticks);
        }

        internal void CountReused() => Interlocked.Increment(ref _reused);
    }

    public TextCounts Texts { get; private init; } = new();

    /// <summary>The site's JSON: strings read back from <c>$web</c> are cleaned (see <see cref="PublicText"/>).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new PublicText.JsonConverter() } };

    /// <summary>The first language: feeds and sitemaps (language-neutral data with a few fixed words) are written in it once.</summary>
    private readonly SitePages _pages = new(settings.Languages[0], settings.BaseUrl, settings.Languages);
    private readonly IReadOnlyList<SitePages> _languages = settings.Languages.Select(t => new SitePages(t, settings.BaseUrl, settings.Languages)).ToList();
    private int _htmlPages;
    private int _filesWritten;
    private int P => settings.ChunkSize;
    private readonly SearchIndex _search = new(settings.SearchBuckets, settings.SearchSegmentSize, settings.ChunkSize);

    private int ChunkSizeOf(SiteList list) => list.Kind == ListKind.All ? settings.ChunkSize : settings.ListChunkSize;

    public ISiteOutput Output => output;

    /// <summary>Storage calls in flight at once (<see cref="SiteSettings.StorageConcurrency"/>).</summary>
    public int StorageConcurrency => settings.StorageConcurrency;

    /// <summary>The same builder writing to another output (a <see cref="StagedSiteOutput"/> for one publication).</summary>
    public SiteBuilder On(ISiteOutput other) => new(other, fileSource, settings, timeZone, signer) { _static = _static, Texts = Texts };

    /// <summary>A publication that wrote the static files committed them to the site: later ones skip them.</summary>
    public void StaticFilesPublished() => _static.Published = true;

    /// <summary>Entries per log page (<c>log/{n}.json</c>, <c>log/page-{n+1}.html</c>).</summary>
    public int LogChunkSize => P;
    public SitePages Pages => _pages;

    public static string RecordPath(string slug) => $"c/{slug}/record.json";

    private const string DirectoryPath = "data/directory.json";

    private static string OpenDataShardPath(int shard) => $"opendata/communications-{shard}.json";

    /// <summary>The communication's public record as the site holds it, or null when it is not on the site.</summary>
    public Task<PublishedRecord?> ReadRecordAsync(string slug, CancellationToken cancellationToken) => ReadJsonAsync<PublishedRecord>(RecordPath(slug), cancellationToken);
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // ---------- one communication ----------

    public async Task<PreparedPublication> PrepareAsync(PublicationInput input, CancellationToken cancellationToken)
    {
        var record = PublishedRecordFactory.Create(input, timeZone);
        var previousBytes = await output.ReadAsync(RecordPath(record.Slug), cancellationToken);
        var previous = previousBytes is null ? null : JsonSerializer.Deserialize<PublishedRecord>(previousBytes, Json);
        var read = new KeptFiles(KeptBytes);
        record = await WithTextAsync(input, record, previous, cancellationToken, read);
        // A new communication goes at the end of each listing; a published one keeps its place.
        var lists = SiteList.For(record);
        var counts = await AllAsync(lists, async list => previous?.Positions?.TryGetValue(list.Key, out var known) == true ? known
            : (await ReadJsonAsync<ListMeta>($"{list.DataDirectory}/meta.json", cancellationToken))?.Count ?? 0);
        var positions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lists.Count; i++)
        {
            positions[lists[i].Key] = counts[i];
        }
        record = record with { Positions = positions };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        var files = record.AllFiles.Select(f => new PublicationLogFile(f.Path, f.Sha256))
            .Append(new PublicationLogFile(RecordPath(record.Slug), Sha256(bytes)))
            .DistinctBy(f => f.Path).ToList();
        var placeholders = record.Replies.Where(r => r.Status == ReplyEntryStatus.Withheld).Select(r => r.Id)
            .Except(previous?.Replies.Where(r => r.Status == ReplyEntryStatus.Withheld).Select(r => r.Id) ?? []).ToList();
        return new PreparedPublication(input, record, bytes, previous, files, previousBytes is null || !bytes.AsSpan().SequenceEqual(previousBytes), placeholders)
        {
            ReadFiles = read.Files,
        };
    }

    /// <summary>Writes one communication and every page that shows it. Safe to repeat.</summary>
    /// <param name="checkpoint">The log's head before this publication: its feed entries carry it (a reader who keeps the feed keeps it).</param>
    public async Task ApplyAsync(PreparedPublication prepared, CancellationToken cancellationToken, PublicationLogHead? checkpoint = null)
    {
        var record = prepared.Record;
        // The directory, the open-data shard and the index are read after the listings are updated, but which files
        // they are depends only on the communication's place: their reads start now, beside the listings'.
        var position = record.Positions![SiteList.All.Key];
        Prefetch(cancellationToken, DirectoryPath, OpenDataShardPath(position / ChunkSizeOf(SiteList.All)));
        if (settings.FullTextIndex)
        {
            Prefetch(cancellationToken, SearchIndex.IndexPath, SearchIndex.DocsPath(position / P));
        }
        // The documents, the listings and the shared files below touch different paths: their storage calls overlap.
        var copied = CopyFilesAsync(prepared.Input, record, cancellationToken, prepared.ReadFiles);
        if (settings.StorageConcurrency <= 1)
        {
            await copied;
        }
        if (prepared.Previous is { } previous)
        {
            // A reply withheld after publication (or a replaced public version) leaves the site.
            var kept = record.AllFiles.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in previous.AllFiles.Where(f => !kept.Contains(f.Path)))
            {
                await output.DeleteAsync(gone.Path, cancellationToken);
            }
        }

        var entry = ListingEntry.From(record) with { Checkpoint = LogCheckpoint.Of(checkpoint) };
        var lists = SiteList.For(record);
        var isNew = prepared.Previous is null;
        var updates = await AllAsync(lists, list => UpdateListAsync(list, entry, record.Positions![list.Key], isNew, cancellationToken));
        var all = updates[0];
        await copied;
        await WriteAsync(RecordPath(record.Slug), prepared.RecordBytes, cancellationToken);
        await WriteHtmlAsync($"c/{record.Slug}/index.html", pages => pages.CommunicationPageUtf8(record, $"c/{record.Slug}/index.html"), cancellationToken);

        // The directory, the open-data shard and the full-text index are separate files: their reads overlap.
        await BranchesAsync(
            () => UpdateDirectoryAsync(lists, isNew, cancellationToken),
            () => UpdateOpenDataAsync(record, all, cancellationToken),
            () => settings.FullTextIndex ? UpdateSearchIndexAsync(record, prepared.Previous, all.Meta.Count, cancellationToken) : Task.CompletedTask);

        var latest = await NewestAsync(SiteList.All, all.LastEntries, all.Meta.Chunks - 1, all.Chunk, all.ChunkEntries, cancellationToken);
        await WriteHtmlAsync("index.html", pages => pages.HomePage(Enumerable.Reverse(latest).ToList()), cancellationToken);
        await WriteAsync($"sitemaps/{all.Chunk}.xml", _pages.SitemapChunk(Localized(SitemapPaths(all.ChunkEntries))), cancellationToken);
        if (!_static.Published)
        {
            await WriteStaticAsync(cancellationToken);
        }
    }

    private async Task UpdateDirectoryAsync(IReadOnlyList<SiteList> lists, bool isNew, CancellationToken cancellationToken)
    {
        var directory = await ReadJsonAsync<SiteDirectory>(DirectoryPath, cancellationToken) ?? new SiteDirectory();
        if (isNew)
        {
            foreach (var list in lists)
            {
                directory.Count(list);
            }
        }
        await WriteDirectoryAsync(directory, cancellationToken);
    }

    /// <summary>Open data: the shard that holds this communication (same chunking as the "all" listing).</summary>
    private async Task UpdateOpenDataAsync(PublishedRecord record, ListUpdate all, CancellationToken cancellationToken)
    {
        var shard = all.Chunk;
        var shardPath = OpenDataShardPath(shard);
        var records = await ReadJsonAsync<List<PublishedRecord>>(shardPath, cancellationToken) ?? [];
        var at = records.FindIndex(r => r.Slug == record.Slug);
        if (at >= 0)
        {
            records[at] = record;
        }
        else
        {
            records.Add(record);
        }
        await WriteOpenDataShardAsync(shard, records, cancellationToken);
        if (all.StartedChunk)
        {
            // Indexes of shards change only when a shard is added; rewriting them each time would grow with the archive.
            await WriteOpenDataIndexAsync(all.Meta.Chunks, cancellationToken);
            await WriteAsync("sitemap.xml", _pages.SitemapIndex(all.Meta.Chunks), cancellationToken);
        }
    }

    /// <summary>Independent pieces of a publication: together, or one after another when storage calls go one at a time.</summary>
    private async Task BranchesAsync(params Func<Task>[] branches)
    {
        if (settings.StorageConcurrency <= 1)
        {
            foreach (var branch in branches)
            {
                await branch();
            }
            return;
        }
        await Task.WhenAll(branches.Select(branch => branch()));
    }

    /// <summary>
    /// One communication into the full-text index: the buckets of its terms, now and before (a republication's removed
    /// words leave), in its segment only, its slug in the docs chunk, and the description when it changes (a segment
    /// starts, or the newest segment is split into more buckets). Other communications' postings are read and written
    /// back unchanged. When the segment's count of buckets grows (<see cref="SearchIndex.BucketsFor"/>), every file of
    /// the segment is read, its postings are split anew, and the files of the old count are deleted after the
    /// description is written (ADR 0308).
    /// </summary>
    private async Task UpdateSearchIndexAsync(PublishedRecord record, PublishedRecord? previous, int count, CancellationToken cancellationToken)
    {
        var position = record.Positions![SiteList.All.Key];
        var (segment, local) = _search.Locate(position);
        var terms = SearchIndex.TermsOf(record);
        var before = previous is null ? [] : SearchIndex.TermsOf(previous);
        // The docs chunk is read while the buckets are.
        var docsPath = SearchIndex.DocsPath(position / P);
        var docsRead = ReadJsonAsync<List<string>>(docsPath, cancellationToken);
        if (settings.StorageConcurrency <= 1)
        {
            await docsRead;
        }
        var described = await output.ReadAsync(SearchIndex.IndexPath, cancellationToken);
        var of = _search.BucketsIn(segment, count);
        var stored = SearchIndex.StoredBucketsIn(described, segment);
        if (stored is { } was && was != of)
        {
            await SplitSegmentAsync(segment, local, was, of, terms, before, cancellationToken);
        }
        else
        {
            await UpdateBucketsAsync(segment, local, of, terms, before, cancellationToken);
        }

        var slugs = await docsRead ?? [];
        if (position % P < slugs.Count)
        {
            if (slugs[position % P] != record.Slug)
            {
                slugs[position % P] = record.Slug;
                await WriteJsonAsync(docsPath, slugs, cancellationToken);
            }
        }
        else
        {
            slugs.Add(record.Slug);
            await WriteJsonAsync(docsPath, slugs, cancellationToken);
        }
        var description = _search.Describe(count);
        if (described is null || !described.AsSpan().SequenceEqual(description))
        {
            await WriteAsync(SearchIndex.IndexPath, description, cancellationToken);
        }
    }

    /// <summary>The buckets of the terms in a segment split as before: each file read, changed and written back.</summary>
    private async Task UpdateBucketsAsync(int segment, int local, int of, HashSet<string> terms, HashSet<string> before, CancellationToken cancellationToken)
    {
        var buckets = terms.Concat(before).GroupBy(term => SearchIndex.BucketOf(term, of)).ToList();
        await AllAsync(buckets, async bucket =>
        {
            var path = _search.BucketPath(segment, bucket.Key, of);
            var bytes = await output.ReadAsync(path, cancellationToken);
            var touched = bucket.Distinct().ToList();
            var added = touched.Where(terms.Contains).Order(StringComparer.Ordinal).ToList();
            if (added.Count == touched.Count)
            {
                // Only additions, as in every new publication: spliced into the file's bytes, not decoded.
                switch (SearchIndex.Bucket.AppendAtEnd(bytes, added, local, out var appended))
                {
                    case SearchIndex.Bucket.Appended.Unchanged:
                        return false;
                    case SearchIndex.Bucket.Appended.Changed:
                        await WriteAsync(path, appended, cancellationToken);
                        return true;
                }
            }
            var file = SearchIndex.Bucket.From(bytes);
            var changed = false;
            foreach (var term in touched)
            {
                changed |= terms.Contains(term) ? file.Add(term, local) : file.Remove(term, local);
            }
            if (!changed)
            {
                return false;
            }
            if (file.Postings.Count == 0)
            {
                await output.DeleteAsync(path, cancellationToken);
            }
            else
            {
                await WriteAsync(path, file.ToBytes(), cancellationToken);
            }
            return true;
        });
    }

    /// <summary>
    /// A segment whose count of buckets changes (four times as the newest segment fills up): every file of the old
    /// count is read, the postings are split by the new count with this publication's change applied, every non-empty
    /// file of the new count is written and the old files are deleted. A staged publication deletes after it writes.
    /// </summary>
    private async Task SplitSegmentAsync(int segment, int local, int was, int of, HashSet<string> terms, HashSet<string> before, CancellationToken cancellationToken)
    {
        var old = await AllAsync(Enumerable.Range(0, was).ToList(), async b => (Bucket: b, Bytes: await output.ReadAsync(_search.BucketPath(segment, b, was), cancellationToken)));
        var split = Enumerable.Range(0, of).Select(_ => new SearchIndex.Bucket()).ToArray();
        foreach (var (_, bytes) in old)
        {
            foreach (var (term, positions) in SearchIndex.Bucket.From(bytes).Postings)
            {
                split[SearchIndex.BucketOf(term, of)].Put(term, positions);
            }
        }
        foreach (var term in before.Where(t => !terms.Contains(t)))
        {
            split[SearchIndex.BucketOf(term, of)].Remove(term, local);
        }
        foreach (var term in terms)
        {
            split[SearchIndex.BucketOf(term, of)].Add(term, local);
        }
        await AllAsync(Enumerable.Range(0, of).Where(b => split[b].Postings.Count > 0).ToList(), async b =>
        {
            await WriteAsync(_search.BucketPath(segment, b, of), split[b].ToBytes(), cancellationToken);
            return true;
        });
        foreach (var (b, bytes) in old)
        {
            if (bytes is not null)
            {
                await output.DeleteAsync(_search.BucketPath(segment, b, was), cancellationToken);
            }
        }
    }

    /// <summary>The newest <see cref="SiteSettings.HomeCount"/> entries of a listing, oldest first, reading earlier chunks only while needed.</summary>
    private async Task<List<ListingEntry>> NewestAsync(SiteList list, List<ListingEntry> lastEntries, int last, int knownChunk, List<ListingEntry> knownEntries, CancellationToken cancellationToken)
    {
        var newest = lastEntries.TakeLast(settings.HomeCount).ToList();
        for (int older = last - 1; newest.Count < settings.HomeCount && older >= 0; older--)
        {
            var entries = older == knownChunk ? knownEntries : await ReadJsonAsync<List<ListingEntry>>($"{list.DataDirectory}/{older}.json", cancellationToken) ?? [];
            newest.InsertRange(0, entries.TakeLast(settings.HomeCount - newest.Count));
        }
        return newest;
    }

    /// <summary>
    /// Starts together the reads of the chunks that this listing's update then makes one after another: the last chunk
    /// when this is not it, the full chunks before it that the newest page needs (every chunk but the last holds
    /// <see cref="ChunkSizeOf"/> entries), and, when this communication started a chunk, the one or two before it whose
    /// page and feed gain a link.
    /// </summary>
    private void PrefetchOlderChunks(SiteList list, ListMeta meta, int chunk, bool rolledOver, CancellationToken cancellationToken)
    {
        var size = ChunkSizeOf(list);
        var last = meta.Chunks - 1;
        var wanted = new List<int> { last };
        var missing = settings.HomeCount - (meta.Count - last * size);
        for (int older = last - 1; missing > 0 && older >= 0; older--, missing -= size)
        {
            wanted.Add(older);
        }
        if (rolledOver)
        {
            wanted.Add(chunk - 1);
            if (list.FeedBase is not null && chunk >= 2)
            {
                wanted.Add(chunk - 2);
            }
        }
        Prefetch(cancellationToken, [.. wanted.Where(c => c != chunk && c >= 0).Distinct().Select(c => $"{list.DataDirectory}/{c}.json")]);
    }

    /// <summary>Reads a publication will make later, started now when its output keeps what it read and calls may overlap.</summary>
    private void Prefetch(CancellationToken cancellationToken, params string[] paths)
    {
        if (settings.StorageConcurrency <= 1 || output is not StagedSiteOutput staged)
        {
            return;
        }
        foreach (var path in paths)
        {
            staged.Prefetch(path, cancellationToken);
        }
    }

    private sealed record ListUpdate(int Position, int Chunk, ListMeta Meta, List<ListingEntry> ChunkEntries, List<ListingEntry> LastEntries, bool StartedChunk);

    private async Task<ListUpdate> UpdateListAsync(SiteList list, ListingEntry entry, int position, bool isNew, CancellationToken cancellationToken)
    {
        // The main feed's subscription document also announces the reports: read alongside the listing.
        var announcements = list.Kind == ListKind.All ? AnnouncementsAsync(cancellationToken) : null;
        var meta = await ReadJsonAsync<ListMeta>($"{list.DataDirectory}/meta.json", cancellationToken) ?? new ListMeta { Key = list.Key, Title = list.Title };
        meta.Title = list.Title;
        var size = ChunkSizeOf(list);
        int chunk = position / size, index = position % size;
        var entries = await ReadJsonAsync<List<ListingEntry>>($"{list.DataDirectory}/{chunk}.json", cancellationToken) ?? [];
        if (index < entries.Count)
        {
            if (entries[index].SameAs(entry))
            {
                // Nothing of it changed: it keeps its checkpoint, so repeating a job changes no byte.
                entry = entries[index];
            }
            meta.Add(entries[index], -1);
            entries[index] = entry;
        }
        else
        {
            entries.Add(entry);
            meta.Count = Math.Max(meta.Count, position + 1);
        }
        meta.Add(entry, +1);
        meta.Chunks = (meta.Count + size - 1) / size;
        var last = meta.Chunks - 1;
        var rolledOver = isNew && index == 0 && chunk > 0;

        await WriteJsonAsync($"{list.DataDirectory}/{chunk}.json", entries, cancellationToken);
        await WriteJsonAsync($"{list.DataDirectory}/meta.json", meta, cancellationToken);
        PrefetchOlderChunks(list, meta, chunk, rolledOver, cancellationToken);
        var lastEntries = chunk == last ? entries : await ReadJsonAsync<List<ListingEntry>>($"{list.DataDirectory}/{last}.json", cancellationToken) ?? [];
        await WriteHtmlAsync($"{list.HtmlDirectory}/page-{chunk + 1}.html", pages => pages.ListPage(list, meta, entries, chunk, meta.Chunks, false), cancellationToken);
        var newest = await NewestAsync(list, lastEntries, last, chunk, entries, cancellationToken);
        await WriteHtmlAsync($"{list.HtmlDirectory}/index.html", pages => pages.ListPage(list, meta, newest, last, meta.Chunks, true), cancellationToken);
        List<ListingEntry>? previousEntries = null;
        if (rolledOver)
        {
            // The page before gains its "newer" link once, when a new chunk starts.
            previousEntries = await ReadJsonAsync<List<ListingEntry>>($"{list.DataDirectory}/{chunk - 1}.json", cancellationToken) ?? [];
            await WriteHtmlAsync($"{list.HtmlDirectory}/page-{chunk}.html", pages => pages.ListPage(list, meta, previousEntries, chunk - 1, meta.Chunks, false), cancellationToken);
        }
        if (list.FeedBase is { } feed)
        {
            if (chunk == last)
            {
                await WriteAsync($"{feed}.xml", _pages.Feed(list, entries, chunk, meta.Chunks, isCurrent: true, announcements is null ? null : await announcements), cancellationToken);
            }
            else
            {
                await WriteAsync($"{feed}/{chunk}.xml", _pages.Feed(list, entries, chunk, meta.Chunks, isCurrent: false), cancellationToken);
            }
            if (rolledOver)
            {
                await WriteAsync($"{feed}/{chunk - 1}.xml", _pages.Feed(list, previousEntries!, chunk - 1, meta.Chunks, isCurrent: false), cancellationToken);
                if (chunk >= 2)
                {
                    var older = await ReadJsonAsync<List<ListingEntry>>($"{list.DataDirectory}/{chunk - 2}.json", cancellationToken) ?? [];
                    await WriteAsync($"{feed}/{chunk - 2}.xml", _pages.Feed(list, older, chunk - 2, meta.Chunks, isCurrent: false), cancellationToken);
                }
            }
        }
        if (announcements is not null)
        {
            await announcements;
        }
        return new ListUpdate(position, chunk, meta, entries, lastEntries, isNew && index == 0);
    }

    /// <summary>The report entries of the main feed (<see cref="FeedAnnouncement"/>), oldest first; none before the first report.</summary>
    private async Task<IReadOnlyList<FeedAnnouncement>> AnnouncementsAsync(CancellationToken cancellationToken)
        => await ReadJsonAsync<List<FeedAnnouncement>>(FeedAnnouncement.Path, cancellationToken) ?? [];

    /// <summary>
    /// Rewrites the main feed's subscription document (<c>feeds/all.xml</c>) with these report entries, as the next
    /// publication would: the report publisher announces a version this way (staged, so its log entry commits to it).
    /// </summary>
    public async Task WriteMainFeedAsync(IReadOnlyList<FeedAnnouncement> announcements, CancellationToken cancellationToken)
    {
        var list = SiteList.All;
        var meta = await ReadJsonAsync<ListMeta>($"{list.DataDirectory}/meta.json", cancellationToken);
        var chunks = meta?.Chunks ?? 0;
        var entries = chunks == 0 ? [] : await ReadJsonAsync<List<ListingEntry>>($"{list.DataDirectory}/{chunks - 1}.json", cancellationToken) ?? [];
        await WriteAsync($"{list.FeedBase}.xml", _pages.Feed(list, entries, Math.Max(chunks - 1, 0), chunks, isCurrent: true, announcements), cancellationToken);
    }

    /// <summary>Where the bytes of each file the record publishes come from, by site path. Only published files have a source.</summary>
    private Dictionary<string, Func<Task<byte[]>>> Sources(PublicationInput input, PublishedRecord record, CancellationToken cancellationToken)
    {
        var (letter, _) = PublishedRecordFactory.PublicLetter(input.Communication);
        var sources = new Dictionary<string, Func<Task<byte[]>>>(StringComparer.Ordinal)
        {
            [record.Letter.Path] = () => fileSource.ReadLetterAsync(letter, cancellationToken),
        };
        foreach (var reply in input.Replies.Where(r => PublishedRecordFactory.StatusOf(r) == ReplyEntryStatus.Published))
        {
            foreach (var file in reply.Files)
            {
                sources[PublishedRecordFactory.FilePath(record.Slug, file.Sha256, file.FileName)] = () => fileSource.ReadReplyFileAsync(file, cancellationToken);
            }
        }
        return sources;
    }

    private static async Task<byte[]> ReadVerifiedAsync(Dictionary<string, Func<Task<byte[]>>> sources, PublishedFile file, string slug)
    {
        var bytes = await sources[file.Path]();
        var actual = Sha256(bytes);
        if (actual != file.Sha256)
        {
            throw new InvalidDataException($"{file.Path}: the stored bytes hash to {actual}, but {file.Sha256} was recorded. Nothing more is published for {slug}.");
        }
        return bytes;
    }

    /// <param name="read">Files the caller already read (a full build reads each once for its text and its copy).</param>
    private async Task CopyFilesAsync(PublicationInput input, PublishedRecord record, CancellationToken cancellationToken, IReadOnlyDictionary<string, byte[]>? read = null)
    {
        var sources = Sources(input, record, cancellationToken);
        await AllAsync(record.AllFiles.ToList(), async file =>
        {
            var bytes = read?.GetValueOrDefault(file.Path) ?? await ReadVerifiedAsync(sources, file, record.Slug);
            await output.WriteAsync(file.Path, bytes, file.ContentType, cancellationToken);
            Interlocked.Increment(ref _filesWritten);
            return true;
        });
    }

    // ---------- the text of the files ----------

    /// <summary>
    /// Bytes of the files read for their text that one publication keeps until it writes them (a reply's annexes may
    /// be large: beyond this, a file is read again when it is written instead of held).
    /// </summary>
    public const long KeptBytes = 64L * 1024 * 1024;

    /// <summary>Files read for their text, kept for the copy that follows, up to a total size.</summary>
    private sealed class KeptFiles(long limit)
    {
        private long _total;

        public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

        public void Keep(string path, byte[] bytes)
        {
            if (Interlocked.Add(ref _total, bytes.Length) <= limit)
            {
                Files.TryAdd(path, bytes);
            }
        }
    }

    /// <summary>
    /// The record with the text of each file it publishes (ADR 0306). A file whose bytes (SHA-256) the previous
    /// record already carried with text keeps that text, so a republication or a late reply reads only new files
    /// (and any whose reading timed out). Only the record's files are read: a withheld or pending reply has none, so its text is never extracted.
    /// </summary>
    /// <param name="keep">Receives the bytes read, for a caller that copies the files next.</param>
    private async Task<PublishedRecord> WithTextAsync(PublicationInput input, PublishedRecord record, PublishedRecord? previous, CancellationToken cancellationToken,
        KeptFiles? keep = null)
    {
        if (settings.TextExtractor is not { } extractor)
        {
            return record;
        }
        var known = new Dictionary<string, DocumentText>(StringComparer.Ordinal);
        foreach (var file in previous?.AllFiles ?? [])
        {
            // A reading that timed out may have met a busy machine: it is tried again.
            if (file.Text is { Outcome: not TextOutcome.TimedOut })
            {
                known.TryAdd(file.Sha256, file.Text);
            }
        }
        var sources = Sources(input, record, cancellationToken);
        var files = record.AllFiles.DistinctBy(f => f.Path).ToList();
        var texts = await AllAsync(files, async file =>
        {
            if (known.TryGetValue(file.Sha256, out var text))
            {
                Texts.CountReused();
                return text;
            }
            return await ExtractAsync(extractor, sources, file, record.Slug, keep, cancellationToken);
        });
        var byPath = files.Select(f => f.Path).Zip(texts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return record with
        {
            Letter = record.Letter with { Text = byPath[record.Letter.Path] },
            Replies = record.Replies.Select(r => r with { Files = r.Files.Select(f => f with { Text = byPath[f.Path] }).ToList() }).ToList(),
        };
    }

    private async Task<DocumentText> ExtractAsync(TextExtractor extractor, Dictionary<string, Func<Task<byte[]>>> sources, PublishedFile file, string slug,
        KeptFiles? keep, CancellationToken cancellationToken)
    {
        // Decided from what the record knows, without reading: a file over the bound, or a picture (its type was sniffed at upload).
        if (file.Size > extractor.Limits.MaxFileBytes)
        {
            return DocumentText.Without(TextOutcome.TooLarge);
        }
        if (file.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentText.Without(TextOutcome.NotText);
        }
        var bytes = await ReadVerifiedAsync(sources, file, slug);
        keep?.Keep(file.Path, bytes);
        // The format from the bytes, never from the name or the declared type.
        var format = DocumentSniffer.Identify(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentFormat.HeadLength)), out _);
        if (format is null)
        {
            return DocumentText.Without(TextOutcome.NotText);
        }
        var started = Stopwatch.GetTimestamp();
        var text = await extractor.ExtractAsync(bytes, format, cancellationToken);
        Texts.CountExtracted(Stopwatch.GetElapsedTime(started));
        // Cleaned like everything people wrote (a bidi override, a lone surrogate), as the record is read back cleaned.
        return text with { Blocks = text.Blocks.Select(b => b with { Text = PublicText.Clean(b.Text) }).ToList() };
    }

    // ---------- the whole site ----------

    /// <summary>Renders the whole site from published communications, in publication order.</summary>
    /// <param name="publicationOrder">Slug → the sequence of its first log entry, so a rebuild keeps the order in which things were published.</param>
    /// <param name="checkpoints">Slug → the log's head before its latest entry, for its feed entries.</param>
    public async Task<SiteBuildStats> BuildAllAsync(IReadOnlyList<PublicationInput> inputs, IPublicationLog? log, IProgress<string>? progress, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, long>? publicationOrder = null, IReadOnlyDictionary<string, PublicationLogHead>? checkpoints = null)
    {
        var clock = Stopwatch.StartNew();
        _htmlPages = 0;
        _filesWritten = 0;
        var records = inputs.Select(i => (Input: i, Record: PublishedRecordFactory.Create(i, timeZone)))
            .OrderBy(r => publicationOrder?.GetValueOrDefault(r.Record.Slug, long.MaxValue) ?? 0)
            .ThenBy(r => r.Record.PublishedAt).ThenBy(r => r.Record.Slug, StringComparer.Ordinal).ToList();
        progress?.Report($"{records.Count} published communications to render");

        var lists = new Dictionary<string, (SiteList List, List<ListingEntry> Entries)>(StringComparer.Ordinal);
        var positions = new SortedDictionary<string, int>[records.Count];
        var directory = new SiteDirectory();
        for (int i = 0; i < records.Count; i++)
        {
            var entry = ListingEntry.From(records[i].Record) with { Checkpoint = LogCheckpoint.Of(checkpoints?.GetValueOrDefault(records[i].Record.Slug)) };
            positions[i] = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var list in SiteList.For(records[i].Record))
            {
                if (!lists.TryGetValue(list.Key, out var slot))
                {
                    lists[list.Key] = slot = (list, []);
                }
                positions[i][list.Key] = slot.Entries.Count;
                slot.Entries.Add(entry);
                directory.Count(list);
            }
        }

        for (int i = 0; i < records.Count; i++)
        {
            records[i] = (records[i].Input, records[i].Record with { Positions = positions[i] });
        }

        int done = 0;
        var index = settings.FullTextIndex ? new SearchIndex.Builder(_search, records.Count) : null;
        await Parallel.ForEachAsync(Enumerable.Range(0, records.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.StorageConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (input, record) = records[i];
            var read = new KeptFiles(KeptBytes);
            record = await WithTextAsync(input, record, null, ct, read);
            index?.Add(i, record);
            await CopyFilesAsync(input, record, ct, read.Files);
            await WriteAsync(RecordPath(record.Slug), JsonSerializer.SerializeToUtf8Bytes(record, Json), ct);
            await WriteHtmlAsync($"c/{record.Slug}/index.html", pages => pages.CommunicationPageUtf8(record, $"c/{record.Slug}/index.html"), ct);
            // What follows (listings, open data, sitemaps) needs no text; holding every document's text until the end
            // of a build would take gigabytes for a large archive (1.3 GB more heap for the synthetic 20,000).
            records[i] = (input, record.WithoutText());
            var n = Interlocked.Increment(ref done);
            if (n % 1000 == 0)
            {
                progress?.Report($"communications: {n}/{records.Count} ({clock.Elapsed.TotalSeconds:0.0} s)");
            }
        });

        // What follows the pages reads the records and the lists, never what another part writes: one queue of small
        // pieces of work (each list chunk, each open-data shard with its sitemap, each index file), so every core stays
        // busy to the end. When a list was one piece, the list of all communications kept one core busy for a second
        // after the others had finished, and the index's files waited for the lists.
        var chunks = (records.Count + P - 1) / P;
        var work = new List<Func<CancellationToken, Task>>();
        foreach (var slot in lists.Values)
        {
            work.AddRange(WholeListWork(slot.List, slot.Entries));
        }
        for (int c = 0; c < chunks; c++)
        {
            var chunk = c;
            work.Add(async ct =>
            {
                var slice = records.Skip(chunk * P).Take(P).Select(r => r.Record).ToList();
                await WriteOpenDataShardAsync(chunk, slice, ct);
                await WriteAsync($"sitemaps/{chunk}.xml", _pages.SitemapChunk(Localized(SitemapPaths(slice.Select(ListingEntry.From)))), ct);
            });
        }
        if (index is not null)
        {
            foreach (var file in index.BucketFiles())
            {
                work.Add(ct => WriteAsync(file.Path, file.Bytes(), ct));
            }
            var slugs = records.Select(r => r.Record.Slug).ToList();
            foreach (var (path, bytes) in _search.Docs(slugs).Append((SearchIndex.IndexPath, _search.Describe(slugs.Count))))
            {
                work.Add(ct => WriteAsync(path, bytes, ct));
            }
        }
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = settings.StorageConcurrency, CancellationToken = cancellationToken },
            async (write, ct) => await write(ct));
        progress?.Report($"listings ({lists.Count}), open data ({chunks} shards){(index is null ? "" : " and the full-text index")} written ({clock.Elapsed.TotalSeconds:0.0} s)");

        await WriteOpenDataIndexAsync(chunks, cancellationToken);
        await WriteAsync("sitemap.xml", _pages.SitemapIndex(chunks), cancellationToken);
        await WriteDirectoryAsync(directory, cancellationToken);
        var all = lists.TryGetValue(SiteList.All.Key, out var allSlot) ? allSlot.Entries : [];
        await WriteHtmlAsync("index.html", pages => pages.HomePage(Enumerable.Reverse(all).Take(settings.HomeCount).ToList()), cancellationToken);
        if (all.Count == 0)
        {
            await WriteHtmlAsync("communications/index.html", pages => pages.ListPage(SiteList.All, new ListMeta { Key = "all", Title = SiteList.All.Title }, [], 0, 0, true), cancellationToken);
            if (await AnnouncementsAsync(cancellationToken) is { Count: > 0 } announcements)
            {
                // Reports published before any communication: the main feed still announces them.
                await WriteMainFeedAsync(announcements, cancellationToken);
            }
        }
        await WriteStaticAsync(cancellationToken);
        if (log is not null)
        {
            await WriteWholeLogAsync(log, cancellationToken);
        }
        progress?.Report($"done: {_htmlPages} HTML pages, {_filesWritten} files in {clock.Elapsed.TotalSeconds:0.00} s");
        return new SiteBuildStats(records.Count, _htmlPages, _filesWritten, clock.Elapsed);
    }

    /// <summary>A list's files as pieces of work: its meta, then each chunk's JSON, pages and feed.</summary>
    private IEnumerable<Func<CancellationToken, Task>> WholeListWork(SiteList list, List<ListingEntry> entries)
    {
        var size = ChunkSizeOf(list);
        var meta = new ListMeta { Key = list.Key, Title = list.Title, Count = entries.Count, Chunks = (entries.Count + size - 1) / size };
        foreach (var entry in entries)
        {
            meta.Add(entry, +1);
        }
        yield return ct => WriteJsonAsync($"{list.DataDirectory}/meta.json", meta, ct);
        for (int c = 0; c < meta.Chunks; c++)
        {
            var index = c;
            yield return ct => WriteListChunkAsync(list, meta, entries, size, index, ct);
        }
    }

    private async Task WriteListChunkAsync(SiteList list, ListMeta meta, List<ListingEntry> entries, int size, int c, CancellationToken cancellationToken)
    {
        var chunk = entries.GetRange(c * size, Math.Min(size, entries.Count - c * size));
        await WriteJsonAsync($"{list.DataDirectory}/{c}.json", chunk, cancellationToken);
        await WriteHtmlAsync($"{list.HtmlDirectory}/page-{c + 1}.html", pages => pages.ListPage(list, meta, chunk, c, meta.Chunks, false), cancellationToken);
        var isLast = c == meta.Chunks - 1;
        if (isLast)
        {
            var newest = entries.TakeLast(settings.HomeCount).ToList();
            await WriteHtmlAsync($"{list.HtmlDirectory}/index.html", pages => pages.ListPage(list, meta, newest, c, meta.Chunks, true), cancellationToken);
        }
        if (list.FeedBase is { } feed)
        {
            var announcements = isLast && list.Kind == ListKind.All ? await AnnouncementsAsync(cancellationToken) : null;
            await WriteAsync(isLast ? $"{feed}.xml" : $"{feed}/{c}.xml", _pages.Feed(list, chunk, c, meta.Chunks, isCurrent: isLast, announcements), cancellationToken);
        }
    }

    // ---------- shared pieces ----------

    /// <summary>Each page address once per language (the sitemap lists every language's page).</summary>
    private IEnumerable<string> Localized(IEnumerable<string> paths)
        => paths.SelectMany(path => settings.Languages.Select(language => language.Prefix + path));

    private IEnumerable<string> SitemapPaths(IEnumerable<ListingEntry> entries)
    {
        var paths = new List<string>();
        var lists = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            paths.Add($"c/{e.Slug}/");
            lists.Add($"addressees/{SiteSlugs.Of(e.AddresseeId)}/");
            lists.Add($"years/{e.Year}/");
            foreach (var mandate in e.Mandates)
            {
                lists.Add($"mandates/{SiteSlugs.Of(mandate)}/");
            }
        }
        return paths.Concat(lists.Order(StringComparer.Ordinal));
    }

    private async Task WriteDirectoryAsync(SiteDirectory directory, CancellationToken cancellationToken)
    {
        await WriteJsonAsync(DirectoryPath, directory, cancellationToken);
        await WriteHtmlAsync("addressees/index.html", pages => pages.DirectoryPage(ListKind.Addressee, directory.Addressees.Values.OrderBy(i => i.Name, StringComparer.Ordinal)), cancellationToken);
        await WriteHtmlAsync("mandates/index.html", pages => pages.DirectoryPage(ListKind.Mandate, directory.Mandates.Values.OrderBy(i => i.Name, StringComparer.Ordinal)), cancellationToken);
        await WriteHtmlAsync("years/index.html", pages => pages.DirectoryPage(ListKind.Year, directory.Years.Values.OrderByDescending(i => i.Id, StringComparer.Ordinal)), cancellationToken);
        await WriteHtmlAsync("types/index.html", pages => pages.DirectoryPage(ListKind.Type, directory.Types.Values), cancellationToken);
        await WriteHtmlAsync("search.html", pages => pages.SearchPage(directory), cancellationToken);
    }

    private async Task WriteOpenDataShardAsync(int shard, IReadOnlyList<PublishedRecord> records, CancellationToken cancellationToken)
    {
        // The text stays in each record.json (ADR 0306): a shard is rewritten at every publication of its communications.
        records = records.Select(r => r.WithoutText()).ToList();
        await WriteJsonAsync(OpenDataShardPath(shard), records, cancellationToken);
        await WriteAsync($"opendata/communications-{shard}.csv", OpenDataCsv.Communications(records, _pages.BaseUrl), cancellationToken);
        await WriteAsync($"opendata/replies-{shard}.csv", OpenDataCsv.Replies(records, _pages.BaseUrl), cancellationToken);
    }

    private async Task WriteOpenDataIndexAsync(int chunks, CancellationToken cancellationToken)
    {
        var shards = Enumerable.Range(0, chunks).Select(i => new
        {
            json = $"communications-{i}.json",
            communicationsCsv = $"communications-{i}.csv",
            repliesCsv = $"replies-{i}.csv",
        });
        await WriteJsonAsync("opendata/index.json", new { schemaVersion = PublishedRecord.CurrentSchemaVersion, chunkSize = P, shards }, cancellationToken);
        await WriteHtmlAsync("opendata/index.html", pages => pages.OpenDataPage(chunks), cancellationToken);
    }

    private async Task WriteStaticAsync(CancellationToken cancellationToken)
    {
        await WriteAsync("site.css", SitePages.Asset("site.css"), cancellationToken);
        await WriteAsync("search.js", SitePages.Asset("search.js"), cancellationToken);
        await WriteAsync("verify.js", SitePages.Asset("verify.js"), cancellationToken);
        await WriteHtmlAsync("verify.html", pages => pages.VerifyPage(), cancellationToken);
        await WriteHtmlAsync("404.html", pages => pages.NotFoundPage(), cancellationToken);
        await WriteAsync("sitemaps/site.xml", _pages.SitemapChunk(Localized(["", "communications/", "addressees/", "mandates/", "years/", "types/", "reports/", "search.html", "log/", "opendata/", "verify.html"])), cancellationToken);
        if (await output.ReadAsync(Reports.ReportHtml.IndexPage, cancellationToken) is null)
        {
            // Every page's navigation links to reports/: until the first report replaces it, the index says there is none yet.
            await WriteHtmlAsync(Reports.ReportHtml.IndexPage, pages => new Reports.ReportHtml(Reports.ReportText.For(pages.Text.Language), settings.BaseUrl).Index([]), cancellationToken);
        }
    }

    // ---------- the publication log ----------

    /// <summary>
    /// Before entry <paramref name="next"/> is appended: writes the log pages that are complete (every chunk before
    /// the one <paramref name="next"/> opens, from <paramref name="fromChunk"/>) in their final form, so that
    /// entry's manifest commits to them. A complete page shows no head and never changes again.
    /// </summary>
    public async Task WriteCompletedLogPagesAsync(IPublicationLog log, long next, int fromChunk, CancellationToken cancellationToken)
    {
        var nextChunk = (int)((next - 1) / P);
        // A whole build finalises every page of the log (200 at 20,000): they are independent, so they are written side by side.
        await Parallel.ForEachAsync(Enumerable.Range(Math.Max(fromChunk, 0), Math.Max(nextChunk - Math.Max(fromChunk, 0), 0)),
            new ParallelOptions { MaxDegreeOfParallelism = settings.StorageConcurrency, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            var entries = await log.ListAsync((long)chunk * P + 1, (long)(chunk + 1) * P, ct);
            await WriteJsonAsync($"log/{chunk}.json", entries, ct);
            await WriteHtmlAsync($"log/page-{chunk + 1}.html", pages => pages.LogPage(PublicationLogChain.Genesis, entries, chunk, nextChunk + 1, false), ct);
        });
    }

    /// <summary>The first chunk to finalise before appending <paramref name="next"/>: the one it closes, if it opens a new chunk.</summary>
    public int CompletedChunkBefore(long next) => next > 1 && (next - 1) % P == 0 ? (int)((next - 1) / P) - 1 : int.MaxValue;

    /// <summary>
    /// The entries of the log page that <paramref name="head"/> is on: what <see cref="WriteLogHeadAsync"/> reads. A
    /// publication starts this read as soon as its entry is appended, beside the commit of its files, instead of
    /// after them (one round trip fewer in sequence).
    /// </summary>
    public Task<IReadOnlyList<PublicationLogEntry>> ReadNewestLogChunkAsync(IPublicationLog log, PublicationLogHead head, CancellationToken cancellationToken)
    {
        var chunk = (head.Sequence + P - 1) / P - 1;
        var reading = log.ListAsync(chunk * P + 1, (chunk + 1) * P, cancellationToken);
        // Observed here: when the commit it runs beside fails first, nobody awaits it (as StagedSiteOutput.Prefetch).
        _ = reading.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return reading;
    }

    /// <summary>
    /// After an entry was appended: the newest log page, the log's index and <c>log.json</c> (they name the head, so no
    /// entry can commit to them) and <c>log/head.json</c>, signed, with the hashes of those files.
    /// </summary>
    /// <param name="head">The head just appended, when the caller has it (saves a query).</param>
    /// <param name="newestChunk">The entries of the head's chunk, when the caller started reading them earlier (<see cref="ReadNewestLogChunkAsync"/>).</param>
    public async Task WriteLogHeadAsync(IPublicationLog log, CancellationToken cancellationToken, PublicationLogHead? head = null,
        Task<IReadOnlyList<PublicationLogEntry>>? newestChunk = null)
    {
        head ??= await log.HeadAsync(cancellationToken);
        var chunks = (int)((head.Sequence + P - 1) / P);
        // Rendered first, written together; the signed head last, once what it names is on the site.
        var files = new List<(string Path, byte[] Bytes)>();
        void Write(string path, byte[] bytes) => files.Add((path, bytes));
        void WriteHtml(string path, Func<SitePages, string> render)
        {
            foreach (var pages in _languages)
            {
                Write(pages.Text.Prefix + path, Encoding.UTF8.GetBytes(render(pages)));
            }
        }
        IReadOnlyList<PublicationLogEntry> newest = [];
        if (chunks > 0)
        {
            var chunk = chunks - 1;
            newest = await (newestChunk ?? ReadNewestLogChunkAsync(log, head, cancellationToken));
            Write($"log/{chunk}.json", JsonSerializer.SerializeToUtf8Bytes(newest, Json));
            WriteHtml($"log/page-{chunk + 1}.html", pages => pages.LogPage(head, newest, chunk, chunks, false));
        }
        WriteHtml("log/index.html", pages => pages.LogPage(head, newest, Math.Max(chunks - 1, 0), chunks, true));
        Write("log.json", JsonSerializer.SerializeToUtf8Bytes(new
        {
            head = new { sequence = head.Sequence, hash = head.Hash, at = head.At },
            chunkSize = P,
            chunks,
            chunkPath = "log/{n}.json, n = 0 .. chunks - 1",
            manifestPath = "log/manifests/{sequence}.json",
            signedHead = PublicationHeadFile.Path,
            publicKey = PublicationHeadFile.KeyPath,
            algorithm = "SHA-256 over: sequence \\n instant (UTC, 7 decimals) \\n slug \\n kind \\n each file 'path sha256' \\n in path order, then 'manifest {sha256}' \\n when the entry has a manifest, then the previous entry's hash (64 zeros for the first)",
        }, Json));
        if (signer is not null)
        {
            Write(PublicationHeadFile.KeyPath, Encoding.UTF8.GetBytes(signer.PublicKeyPem + "\n"));
        }
        await AllAsync(files, async file =>
        {
            await WriteAsync(file.Path, file.Bytes, cancellationToken);
            return true;
        });
        if (signer is not null)
        {
            var committed = files.Select(f => new PublicationLogFile(f.Path, Sha256(f.Bytes))).ToList();
            await WriteAsync(PublicationHeadFile.Path, PublicationHeadFile.Create(head, committed, signer).ToBytes(), cancellationToken);
        }
    }

    /// <summary>Every log page and the head, for a whole build (a synthetic archive, a rebuild).</summary>
    public async Task WriteWholeLogAsync(IPublicationLog log, CancellationToken cancellationToken)
    {
        var head = await log.HeadAsync(cancellationToken);
        await WriteCompletedLogPagesAsync(log, head.Sequence, 0, cancellationToken);
        await WriteLogHeadAsync(log, cancellationToken);
    }

    // ---------- I/O helpers ----------

    /// <summary>
    /// Runs independent storage work: one after another when <see cref="SiteSettings.StorageConcurrency"/> is 1,
    /// otherwise at most that many at once. Results in the items' order.
    /// </summary>
    private async Task<TResult[]> AllAsync<T, TResult>(IReadOnlyList<T> items, Func<T, Task<TResult>> run)
    {
        var results = new TResult[items.Count];
        if (settings.StorageConcurrency <= 1 || items.Count <= 1)
        {
            for (int i = 0; i < items.Count; i++)
            {
                results[i] = await run(items[i]);
            }
            return results;
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.StorageConcurrency },
            async (i, _) => results[i] = await run(items[i]));
        return results;
    }

    private async Task<T?> ReadJsonAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        var bytes = await output.ReadAsync(path, cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize<T>(bytes, Json);
    }

    private Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken)
        => WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken);

    /// <summary>Writes an HTML page once per language, under the language's folder.</summary>
    private Task WriteHtmlAsync(string path, Func<SitePages, string> render, CancellationToken cancellationToken)
        => WriteHtmlAsync(path, pages => Encoding.UTF8.GetBytes(render(pages)), cancellationToken);

    private async Task WriteHtmlAsync(string path, Func<SitePages, byte[]> render, CancellationToken cancellationToken)
    {
        foreach (var pages in _languages)
        {
            await WriteAsync(pages.Text.Prefix + path, render(pages), cancellationToken);
        }
    }

    private Task WriteAsync(string path, string content, CancellationToken cancellationToken)
        => WriteAsync(path, Encoding.UTF8.GetBytes(content), cancellationToken);

    private Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _filesWritten);
        if (path.EndsWith(".html", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _htmlPages);
        }
        return output.WriteAsync(path, content, SiteContentTypes.For(path), cancellationToken);
    }

    public int FilesWritten => _filesWritten;
}

/// <summary>Reads letters from the private document store and reply files through the replies feature's source.</summary>
public sealed class StoredPublicationFiles(IDocumentStore letters, IReplyFileStore replies) : IPublicationFileSource
{
    public async Task<byte[]> ReadLetterAsync(StoredDocument document, CancellationToken cancellationToken)
        => await ReadAllAsync(await letters.OpenReadAsync(document.BlobName, cancellationToken), document.BlobName, cancellationToken);

    public async Task<byte[]> ReadReplyFileAsync(ReplyFile file, CancellationToken cancellationToken)
        => await ReadAllAsync(await replies.OpenReadAsync(file.BlobName, cancellationToken), file.BlobName, cancellationToken);

    private static async Task<byte[]> ReadAllAsync(Stream? stream, string name, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            throw new FileNotFoundException($"The stored document {name} is missing; it cannot be published.", name);
        }
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
    }
}

/// <summary>Read access to the private <c>replies</c> container (reply files are stored by the replies feature).</summary>
public interface IReplyFileStore
{
    Task<Stream?> OpenReadAsync(string blobName, CancellationToken cancellationToken);
}
