using System.Text;
using System.Text.Json;

namespace ResponsePortal.Publication;

/// <summary>
/// The static full-text index of the public site (docs/publication.md, "Full-text search"; ADR 0308). Terms are
/// hashed into <see cref="Buckets"/> buckets; communications, by their position in the listing of everything, into
/// segments of <see cref="SegmentSize"/>. File <c>data/search/{segment}/{bucket}.json</c> maps each term of the
/// bucket to the communications of the segment that contain it (ascending, delta-coded), so a query reads one file
/// per term and segment, and a publication rewrites only the buckets of its own terms in its own segment.
/// <c>data/search/docs/{chunk}.json</c> turns positions back into slugs. Pure functions: the site builder does the I/O.
/// </summary>
public sealed class SearchIndex(int buckets, int segmentSize, int docsChunkSize)
{
    public const int SchemaVersion = 1;
    public const string IndexPath = "data/search/index.json";

    public int Buckets => buckets;
    public int SegmentSize => segmentSize;
    public int DocsChunkSize => docsChunkSize;

    public static string BucketPath(int segment, int bucket) => $"data/search/{segment}/{bucket}.json";
    public static string DocsPath(int chunk) => $"data/search/docs/{chunk}.json";

    /// <summary>Facet terms carry a prefix with a colon, which no normalised word contains: the filters are postings too.</summary>
    public static class Facet
    {
        public static string Addressee(string id) => "a:" + id;
        public static string Mandate(string name) => "m:" + name;
        public static string Year(int year) => "y:" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public static string Type(string type) => "t:" + type;
        public static string Reply(string replyStatus) => replyStatus == "none" ? "r:none" : "r:received";
    }

    /// <summary>
    /// Every term a communication is found by: its metadata (reference, subject, summary, addressee, mandates), the
    /// text of its public letter and of each published reply's files and notes, and its facets. A withheld or
    /// pending reply has no files and no note in the record, so it adds nothing.
    /// </summary>
    public static HashSet<string> TermsOf(PublishedRecord record)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in MetadataTexts(record))
        {
            SearchTerms.AddTo(text, terms);
        }
        foreach (var file in record.AllFiles)
        {
            foreach (var block in file.Text?.Blocks ?? [])
            {
                SearchTerms.AddTo(block.Text, terms);
            }
        }
        foreach (var reply in record.Replies)
        {
            if (reply.Note is { } note)
            {
                SearchTerms.AddTo(note, terms);
            }
        }
        terms.Add(Facet.Addressee(record.AddresseeId));
        foreach (var mandate in record.Mandates)
        {
            terms.Add(Facet.Mandate(mandate));
        }
        terms.Add(Facet.Year(record.Year));
        terms.Add(Facet.Type(record.Type));
        terms.Add(Facet.Reply(record.ReplyStatus));
        return terms;
    }

    private static IEnumerable<string> MetadataTexts(PublishedRecord record)
        => new[] { record.Reference, record.Subject, record.Summary, record.AddresseeName, record.AddresseeId }.Concat(record.Mandates);

    /// <summary>FNV-1a (32 bits) of the term's UTF-8 bytes, modulo the buckets: search.js computes the same.</summary>
    public int BucketOf(string term)
    {
        uint hash = 2166136261;
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(term.Length)];
        foreach (var b in bytes[..Encoding.UTF8.GetBytes(term, bytes)])
        {
            hash = (hash ^ b) * 16777619;
        }
        return (int)(hash % (uint)buckets);
    }

    public (int Segment, int Local) Locate(int position) => (position / segmentSize, position % segmentSize);

    public int Segments(int count) => (count + segmentSize - 1) / segmentSize;

    /// <summary>One bucket file: term → ascending positions within the segment.</summary>
    public sealed class Bucket
    {
        private readonly SortedDictionary<string, List<int>> _postings;

        public Bucket() => _postings = new(StringComparer.Ordinal);

        private Bucket(SortedDictionary<string, List<int>> postings) => _postings = postings;

        public IReadOnlyDictionary<string, List<int>> Postings => _postings;

        /// <summary>Adds a position; positions of a whole build arrive in ascending order, so this is an append there.</summary>
        public bool Add(string term, int local)
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                _postings[term] = [local];
                return true;
            }
            if (list.Count == 0 || list[^1] < local)
            {
                list.Add(local);
                return true;
            }
            var at = list.BinarySearch(local);
            if (at >= 0)
            {
                return false;
            }
            list.Insert(~at, local);
            return true;
        }

        public bool Remove(string term, int local)
        {
            if (!_postings.TryGetValue(term, out var list) || !list.Remove(local))
            {
                return false;
            }
            if (list.Count == 0)
            {
                _postings.Remove(term);
            }
            return true;
        }

        /// <summary><c>{"term":[first, gap, gap, …]}</c>, terms in ordinal order: the same postings give the same bytes.</summary>
        public byte[] ToBytes()
        {
            var coded = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
            foreach (var (term, list) in _postings)
            {
                var gaps = new int[list.Count];
                for (int i = 0; i < list.Count; i++)
                {
                    gaps[i] = i == 0 ? list[0] : list[i] - list[i - 1];
                }
                coded[term] = gaps;
            }
            return JsonSerializer.SerializeToUtf8Bytes(coded, SiteBuilder.Json);
        }

        public static Bucket From(byte[]? bytes)
        {
            var postings = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
            if (bytes is not null)
            {
                foreach (var (term, gaps) in JsonSerializer.Deserialize<Dictionary<string, int[]>>(bytes, SiteBuilder.Json) ?? [])
                {
                    var list = new List<int>(gaps.Length);
                    var at = 0;
                    foreach (var gap in gaps)
                    {
                        at += gap;
                        list.Add(at);
                    }
                    postings[term] = list;
                }
            }
            return new Bucket(postings);
        }
    }

    /// <summary>What search.js reads first: how to find a term's files.</summary>
    public byte[] Describe(int count) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        schemaVersion = SchemaVersion,
        buckets,
        segmentSize,
        segments = Segments(count),
        docsChunkSize,
        bucketPath = "data/search/{segment}/{bucket}.json",
        docsPath = "data/search/docs/{chunk}.json",
        bucket = "FNV-1a (32 bits) of the term's UTF-8 bytes, modulo buckets",
        postings = "term → positions in the listing of everything minus segment × segmentSize, ascending, as the first and then the gaps",
    }, SiteBuilder.Json);

    /// <summary>
    /// The whole index of communications given in listing order (position i = index i): every bucket file of every
    /// segment that has a term, every docs chunk and the description.
    /// </summary>
    public IEnumerable<(string Path, byte[] Bytes)> Build(IReadOnlyList<PublishedRecord> records, IReadOnlyList<HashSet<string>> terms)
    {
        for (int segment = 0; segment < Segments(records.Count); segment++)
        {
            var files = new Bucket?[buckets];
            var end = Math.Min(records.Count, (segment + 1) * segmentSize);
            for (int position = segment * segmentSize; position < end; position++)
            {
                foreach (var term in terms[position])
                {
                    (files[BucketOf(term)] ??= new Bucket()).Add(term, position - segment * segmentSize);
                }
            }
            for (int b = 0; b < buckets; b++)
            {
                if (files[b] is { } file)
                {
                    yield return (BucketPath(segment, b), file.ToBytes());
                }
            }
        }
        for (int chunk = 0; chunk * docsChunkSize < records.Count; chunk++)
        {
            var slugs = records.Skip(chunk * docsChunkSize).Take(docsChunkSize).Select(r => r.Slug).ToList();
            yield return (DocsPath(chunk), JsonSerializer.SerializeToUtf8Bytes(slugs, SiteBuilder.Json));
        }
        yield return (IndexPath, Describe(records.Count));
    }
}
