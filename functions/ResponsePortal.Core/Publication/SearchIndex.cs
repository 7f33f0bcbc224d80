using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
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

    /// <summary>The fewest buckets a segment is split into (or <see cref="Buckets"/> when that is fewer).</summary>
    public const int MinimumBuckets = 8;

    /// <summary>
    /// How many buckets a segment holding <paramref name="filled"/> communications is split into: <see cref="Buckets"/>
    /// once it is full, before that the power of two that keeps its files about as large as a full segment's (at least
    /// <see cref="MinimumBuckets"/>). A publication rewrites every bucket its terms fall in, which for a letter of a few
    /// pages is all of them: 128 reads and 128 writes into a segment of 128 buckets, 8 and 8 into the newest segment
    /// while it holds up to 62 communications (ADR 0308, "Incremental").
    /// </summary>
    public int BucketsFor(int filled)
    {
        if (filled >= segmentSize)
        {
            return buckets;
        }
        var wanted = Math.Max(1, (int)(((long)filled * buckets + segmentSize - 1) / segmentSize));
        var count = Math.Min(MinimumBuckets, buckets);
        while (count < wanted && count < buckets)
        {
            count *= 2;
        }
        return Math.Min(count, buckets);
    }

    /// <summary>The buckets of <paramref name="segment"/> in an index of <paramref name="count"/> communications.</summary>
    public int BucketsIn(int segment, int count) => BucketsFor(Math.Clamp(count - segment * segmentSize, 0, segmentSize));

    /// <summary>
    /// A bucket's file: <see cref="BucketPath(int, int)"/> in a segment of <see cref="Buckets"/> buckets, and under a folder
    /// named by the count in a segment of fewer, so that the files of two counts never share a name (a reader holding an
    /// older <c>index.json</c> reads files that were whole when written, or none).
    /// </summary>
    public string BucketPath(int segment, int bucket, int of) => of == buckets ? BucketPath(segment, bucket) : $"data/search/{segment}/{of}/{bucket}.json";

    /// <summary>The file holding <paramref name="term"/>'s postings in <paramref name="segment"/> of an index of <paramref name="count"/> communications.</summary>
    public string FileOf(string term, int segment, int count)
    {
        var of = BucketsIn(segment, count);
        return BucketPath(segment, BucketOf(term, of), of);
    }
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
        foreach (var text in TextsOf(record))
        {
            SearchTerms.AddTo(text, terms);
        }
        terms.UnionWith(FacetsOf(record));
        return terms;
    }

    /// <summary>The texts whose words are the communication's terms (<see cref="TermsOf"/>).</summary>
    private static IEnumerable<string> TextsOf(PublishedRecord record)
    {
        foreach (var text in new[] { record.Reference, record.Subject, record.Summary, record.AddresseeName, record.AddresseeId }.Concat(record.Mandates))
        {
            yield return text;
        }
        foreach (var file in record.AllFiles)
        {
            foreach (var block in file.Text?.Blocks ?? [])
            {
                yield return block.Text;
            }
        }
        foreach (var reply in record.Replies)
        {
            if (reply.Note is { } note)
            {
                yield return note;
            }
        }
    }

    private static IEnumerable<string> FacetsOf(PublishedRecord record)
        => record.Mandates.Select(Facet.Mandate).Prepend(Facet.Addressee(record.AddresseeId))
            .Append(Facet.Year(record.Year)).Append(Facet.Type(record.Type)).Append(Facet.Reply(record.ReplyStatus));

    /// <summary>FNV-1a (32 bits) of the term's UTF-8 bytes, modulo the buckets: search.js computes the same.</summary>
    public int BucketOf(string term) => BucketOf(term, buckets);

    /// <summary>The term's bucket in a segment of <paramref name="of"/> buckets.</summary>
    public static int BucketOf(string term, int of) => (int)(HashOf(term) % (uint)of);

    /// <summary>FNV-1a (32 bits) of the term's UTF-8 bytes.</summary>
    public static uint HashOf(string term)
    {
        uint hash = 2166136261;
        Span<byte> bytes = term.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(term.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(term.Length)];
        foreach (var b in bytes[..Encoding.UTF8.GetBytes(term, bytes)])
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }

    public (int Segment, int Local) Locate(int position) => (position / segmentSize, position % segmentSize);

    public int Segments(int count) => (count + segmentSize - 1) / segmentSize;

    /// <summary>One bucket file: term → ascending positions within the segment.</summary>
    public sealed class Bucket
    {
        private readonly Dictionary<string, List<int>> _postings;

        public Bucket() => _postings = new(StringComparer.Ordinal);

        private Bucket(Dictionary<string, List<int>> postings) => _postings = postings;

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

        /// <summary>Takes a term's positions as they are (a term is in one bucket of a segment, so never twice).</summary>
        internal void Put(string term, List<int> positions) => _postings[term] = positions;

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
            var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
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

        /// <summary>
        /// A new publication's terms into a bucket file without decoding it: the file is read once with a
        /// <see cref="Utf8JsonReader"/> and copied with the new entries spliced in, a gap before the <c>]</c> of a term
        /// it has, <c>"term":[local]</c> where a term it lacks belongs in ordinal order. The bytes are those
        /// <see cref="ToBytes"/> writes for the same postings. A new communication takes the next position, after every
        /// other in its segment, so this is what a publication does. When a term already has a later position (a
        /// republication further back) it returns <see cref="Appended.NotAtTheEnd"/> and the caller decodes the bucket.
        /// Why: a full segment's files are five times a fifth-full one's, and decoding them whole made one publication
        /// into a large archive 2.5 times one into a small archive (issue 14); a scan and a copy grow far slower.
        /// </summary>
        /// <param name="terms">Distinct terms in ordinal order.</param>
        public static Appended AppendAtEnd(byte[]? file, IReadOnlyList<string> terms, int local, out byte[] bytes)
        {
            bytes = file ?? [];
            if (terms.Count == 0)
            {
                return Appended.Unchanged;
            }
            if (file is null || file.Length == 0)
            {
                var fresh = new Bucket();
                foreach (var term in terms)
                {
                    fresh.Add(term, local);
                }
                bytes = fresh.ToBytes();
                return Appended.Changed;
            }

            var output = new ArrayBufferWriter<byte>(file.Length + terms.Count * 24);
            var copied = 0;
            void CopyUpTo(long offset)
            {
                output.Write(file.AsSpan(copied, (int)offset - copied));
                copied = (int)offset;
            }
            void WriteNumber(int value)
            {
                value.TryFormat(output.GetSpan(11), out var written, default, CultureInfo.InvariantCulture);
                output.Advance(written);
            }
            void WriteEntry(string term)
            {
                output.Write("\""u8);
                output.Write(JsonEncodedText.Encode(term, SiteBuilder.Json.Encoder).EncodedUtf8Bytes);
                output.Write("\":["u8);
                WriteNumber(local);
                output.Write("]"u8);
            }

            var reader = new Utf8JsonReader(file);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A bucket file is a JSON object.");
            }
            var next = 0;
            var properties = 0;
            var name = new char[64];
            while (next < terms.Count && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                properties++;
                if (name.Length < reader.ValueSpan.Length)
                {
                    name = new char[reader.ValueSpan.Length];
                }
                var key = name.AsSpan(0, reader.CopyString(name));
                for (; next < terms.Count && terms[next].AsSpan().SequenceCompareTo(key) < 0; next++)
                {
                    // A term the file lacks goes before the first key that sorts after it.
                    CopyUpTo(reader.TokenStartIndex);
                    WriteEntry(terms[next]);
                    output.Write(","u8);
                }
                if (next == terms.Count || !terms[next].AsSpan().SequenceEqual(key))
                {
                    reader.Skip();
                    continue;
                }
                next++;
                reader.Read();
                var last = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    last += reader.GetInt32();
                }
                if (last > local)
                {
                    return Appended.NotAtTheEnd;
                }
                if (last < local)
                {
                    CopyUpTo(reader.TokenStartIndex);
                    output.Write(","u8);
                    WriteNumber(local - last);
                }
            }
            if (next < terms.Count)
            {
                // The rest sort after every key: before the closing brace, where the reader stopped.
                CopyUpTo(reader.TokenStartIndex);
                for (; next < terms.Count; next++)
                {
                    if (properties++ > 0)
                    {
                        output.Write(","u8);
                    }
                    WriteEntry(terms[next]);
                }
            }
            if (copied == 0)
            {
                return Appended.Unchanged;
            }
            CopyUpTo(file.Length);
            bytes = output.WrittenSpan.ToArray();
            return Appended.Changed;
        }

        public enum Appended { Changed, Unchanged, NotAtTheEnd }
    }

    /// <summary>
    /// The buckets of <paramref name="segment"/> as a written <c>index.json</c> describes them: null when it says the
    /// segment has no files yet. A description written before segments had counts of their own gives every segment
    /// its <c>buckets</c>.
    /// </summary>
    public static int? StoredBucketsIn(byte[]? description, int segment)
    {
        if (description is null)
        {
            return null;
        }
        using var json = JsonDocument.Parse(description);
        var root = json.RootElement;
        var segments = root.GetProperty("segments").GetInt32();
        var all = root.GetProperty("buckets").GetInt32();
        if (segment >= segments)
        {
            return null;
        }
        return segment == segments - 1 && root.TryGetProperty("lastSegmentBuckets", out var last) ? last.GetInt32() : all;
    }

    /// <summary>What search.js reads first: how to find a term's files.</summary>
    public byte[] Describe(int count) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        schemaVersion = SchemaVersion,
        buckets,
        segmentSize,
        segments = Segments(count),
        lastSegmentBuckets = BucketsIn(Math.Max(Segments(count) - 1, 0), count),
        docsChunkSize,
        bucketPath = "data/search/{segment}/{bucket}.json",
        lastSegmentBucketPath = "data/search/{segment}/{lastSegmentBuckets}/{bucket}.json when lastSegmentBuckets is less than buckets",
        docsPath = "data/search/docs/{chunk}.json",
        bucket = "FNV-1a (32 bits) of the term's UTF-8 bytes, modulo the segment's buckets",
        postings = "term → positions in the listing of everything minus segment × segmentSize, ascending, as the first and then the gaps",
    }, SiteBuilder.Json);

    /// <summary>
    /// The whole index of communications given in listing order (position i = index i): every bucket file of every
    /// segment that has a term, every docs chunk and the description.
    /// </summary>
    public IEnumerable<(string Path, byte[] Bytes)> Build(IReadOnlyList<PublishedRecord> records, IReadOnlyList<HashSet<string>> terms)
    {
        var builder = new Builder(this, records.Count);
        for (int position = 0; position < records.Count; position++)
        {
            builder.Add(position, terms[position]);
        }
        foreach (var file in builder.BucketFiles())
        {
            yield return (file.Path, file.Bytes());
        }
        foreach (var file in Docs(records.Select(r => r.Slug).ToList()))
        {
            yield return file;
        }
        yield return (IndexPath, Describe(records.Count));
    }

    /// <summary>The docs chunks: position → slug.</summary>
    public IEnumerable<(string Path, byte[] Bytes)> Docs(IReadOnlyList<string> slugs)
    {
        for (int chunk = 0; chunk * docsChunkSize < slugs.Count; chunk++)
        {
            yield return (DocsPath(chunk), JsonSerializer.SerializeToUtf8Bytes(slugs.Skip(chunk * docsChunkSize).Take(docsChunkSize), SiteBuilder.Json));
        }
    }

    /// <summary>
    /// The index of a whole build, filled as the communications are read (from several threads, in any order), so no
    /// communication's terms outlive it: holding every term set of 20,000 communications until the end took most of a
    /// 670 MB heap. Each thread adds into a <see cref="Part"/> of its own, taken from a pool for the length of one
    /// <see cref="Add(int, PublishedRecord)"/>, so there are about as many parts as threads adding at once (a lock
    /// per bucket made two threads as slow as one). A part reads the record's words itself, numbers each term the first
    /// time it meets it and appends (term, communication) pairs: a word costs one lookup, where a set of the
    /// communication's terms and then a dictionary per bucket, cold by the next communication, cost three lookups and a
    /// string (issue 14). When the files are asked for, each part groups
    /// its pairs by term, and a bucket file takes its terms' positions in its segment from every part, so the files of
    /// a build are assembled and encoded in parallel.
    /// </summary>
    public sealed class Builder(SearchIndex index, int count)
    {
        private readonly ConcurrentBag<Part> _idle = [];
        private readonly ConcurrentQueue<Part> _all = new();

        /// <summary>How many parts the adds so far needed (one per thread adding at the same time).</summary>
        public int Parts => _all.Count;

        /// <summary>The communication at <paramref name="position"/>: the terms of <see cref="TermsOf"/>, read from the record.</summary>
        public void Add(int position, PublishedRecord record)
        {
            var part = Take();
            var sink = new Part.Sink(part, position);
            foreach (var text in TextsOf(record))
            {
                SearchTerms.ForEachWord(text, ref sink);
            }
            foreach (var facet in FacetsOf(record))
            {
                part.Add(facet, position);
            }
            _idle.Add(part);
        }

        /// <summary>The communication at <paramref name="position"/> with the terms given.</summary>
        public void Add(int position, IReadOnlyCollection<string> terms)
        {
            var part = Take();
            foreach (var term in terms)
            {
                part.Add(term, position);
            }
            _idle.Add(part);
        }

        private Part Take()
        {
            if (!_idle.TryTake(out var part))
            {
                part = new Part(index, count);
                _all.Enqueue(part);
            }
            return part;
        }

        /// <summary>Every bucket file that has a term, its bytes assembled and encoded by the caller (in parallel if it likes).</summary>
        public IEnumerable<(string Path, Func<byte[]> Bytes)> BucketFiles()
        {
            var parts = _all.ToArray();
            Parallel.ForEach(parts, part => part.Group());
            for (int segment = 0; segment < index.Segments(count); segment++)
            {
                var of = index.BucketsIn(segment, count);
                for (int b = 0; b < of; b++)
                {
                    var file = segment * index.Buckets + b;
                    if (parts.Any(p => p.Slices(file) is not null))
                    {
                        var from = segment * index.SegmentSize;
                        yield return (index.BucketPath(segment, b, of), () => Encode(parts, file, from));
                    }
                }
            }
        }

        /// <summary>
        /// The bytes <see cref="Bucket.ToBytes"/> writes for the parts' postings of one file, written straight from the
        /// parts' arrays: terms in ordinal order, a term met by several parts with its positions merged. Building a
        /// <see cref="Bucket"/> per part and file, merging them and serializing a sorted dictionary took a second of a
        /// 20,000 build's wall time.
        /// </summary>
        private static byte[] Encode(IReadOnlyList<Part> parts, int file, int from)
        {
            var entries = new List<(string Term, ArraySegment<int> Positions)>();
            foreach (var part in parts)
            {
                foreach (var (id, start, end) in part.Slices(file) ?? [])
                {
                    entries.Add((part.Term(id), new ArraySegment<int>(part.Positions, start, end - start)));
                }
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Term, b.Term));
            var output = new ArrayBufferWriter<byte>(entries.Count * 16);
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = SiteBuilder.Json.Encoder }))
            {
                writer.WriteStartObject();
                var merged = new List<int>();
                for (int i = 0; i < entries.Count;)
                {
                    var j = i + 1;
                    while (j < entries.Count && entries[j].Term == entries[i].Term)
                    {
                        j++;
                    }
                    var positions = entries[i].Positions.AsSpan();
                    if (j > i + 1)
                    {
                        // Parts hold different communications: the union of their runs, sorted.
                        merged.Clear();
                        for (int k = i; k < j; k++)
                        {
                            merged.AddRange(entries[k].Positions);
                        }
                        merged.Sort();
                        positions = CollectionsMarshal.AsSpan(merged);
                    }
                    writer.WritePropertyName(entries[i].Term);
                    writer.WriteStartArray();
                    var previous = from;
                    foreach (var position in positions)
                    {
                        writer.WriteNumberValue(position - previous);
                        previous = position;
                    }
                    writer.WriteEndArray();
                    i = j;
                }
                writer.WriteEndObject();
            }
            return output.WrittenSpan.ToArray();
        }

        /// <summary>
        /// One thread's share of the build: term → number, each term's bucket, and every (term, communication) met,
        /// appended in the order met. Postings are grouped by term only when the files are asked for (a counting
        /// sort): writing each posting into its term's own list as it came was a cache miss or two per posting, the
        /// lists of 100,000s of terms being spread over tens of megabytes, and cost more than reading the words.
        /// </summary>
        private sealed class Part
        {
            private const int ChunkLength = 1 << 16;

            private readonly SearchIndex _index;
            private readonly int _count;
            private readonly TermNumbers _terms = new();
            private readonly WordTerms _words = new();
            private readonly List<uint> _hashOf = [];
            /// <summary>Per term, the position it was last met at, plus one: a term met again in the same communication is not added twice.</summary>
            private int[] _last = new int[1024];
            /// <summary>(term &lt;&lt; 32 | position) in the order met, in chunks so that growing never copies.</summary>
            private readonly List<long[]> _pairs = [];
            private int _inLast = ChunkLength;

            /// <summary>After <see cref="Group"/>: each term's positions ascending, one term after the other.</summary>
            private int[]? _positions;

            /// <summary>After <see cref="Group"/>: per file (segment × buckets + bucket), its terms' runs in <see cref="_positions"/>.</summary>
            private List<(int Id, int Start, int End)>?[]? _slices;

            public Part(SearchIndex index, int count)
            {
                _index = index;
                _count = count;
            }

            /// <summary>Adds the terms of the words of the communication at a position.</summary>
            public readonly struct Sink(Part part, int position) : SearchTerms.IWordSink
            {
                public void Word(Span<char> folded, bool hasDigit, ulong low, ulong high) => part.AddWord(folded, hasDigit, low, high, position);

                public bool Known(ulong low, ulong high) => part.AddKnown(low, high, position);
            }

            /// <summary>
            /// A folded word's term added: a word met before (packed, see <see cref="WordTerms"/>) gives its kept term
            /// number, or nothing; any other is reduced (<see cref="SearchTerms.Reduce"/>) and its term numbered.
            /// </summary>
            public void AddWord(Span<char> folded, bool hasDigit, ulong low, ulong high, int position)
            {
                if (low == 0)
                {
                    if (SearchTerms.Reduce(folded, hasDigit) is { IsEmpty: false } term)
                    {
                        Add(IdOf(term), position);
                    }
                    return;
                }
                if (!_words.TryGet(low, high, out var id))
                {
                    var term = SearchTerms.Reduce(folded, hasDigit);
                    id = term.IsEmpty ? -1 : IdOf(term);
                    _words.Add(low, high, id);
                }
                if (id >= 0)
                {
                    Add(id, position);
                }
            }

            /// <summary>A packed word met before: its term added (if it gives one) and true; false for a word never met.</summary>
            public bool AddKnown(ulong low, ulong high, int position)
            {
                if (!_words.TryGet(low, high, out var id))
                {
                    return false;
                }
                if (id >= 0)
                {
                    Add(id, position);
                }
                return true;
            }

            public void Add(ReadOnlySpan<char> term, int position) => Add(IdOf(term), position);

            private void Add(int id, int position)
            {
                if (_last[id] == position + 1)
                {
                    return;
                }
                _last[id] = position + 1;
                if (_inLast == ChunkLength)
                {
                    _pairs.Add(new long[ChunkLength]);
                    _inLast = 0;
                }
                _pairs[^1][_inLast++] = (long)id << 32 | (uint)position;
            }

            private int IdOf(ReadOnlySpan<char> term)
            {
                var id = _terms.NumberOf(term, out var added);
                if (added)
                {
                    _hashOf.Add(HashOf(_terms[id]));
                    if (id == _last.Length)
                    {
                        Array.Resize(ref _last, id * 2);
                    }
                }
                return id;
            }

            /// <summary>The pairs grouped by term (a counting sort), each term's positions ascending; the pairs are dropped.</summary>
            public void Group()
            {
                if (_slices is not null)
                {
                    return;
                }
                var starts = new int[_terms.Count + 1];
                var total = (_pairs.Count - 1) * ChunkLength + _inLast;
                for (int i = 0; i < total; i++)
                {
                    starts[(int)(_pairs[i / ChunkLength][i % ChunkLength] >> 32) + 1]++;
                }
                for (int t = 0; t < _terms.Count; t++)
                {
                    starts[t + 1] += starts[t];
                }
                var next = starts[..^1];
                var positions = new int[total];
                var unsorted = new HashSet<int>();
                for (int i = 0; i < total; i++)
                {
                    var pair = _pairs[i / ChunkLength][i % ChunkLength];
                    var id = (int)(pair >> 32);
                    var at = next[id]++;
                    positions[at] = (int)pair;
                    if (at > starts[id] && positions[at - 1] > positions[at])
                    {
                        // A part may meet a communication after a later one (another thread held the part between).
                        unsorted.Add(id);
                    }
                }
                foreach (var id in unsorted)
                {
                    positions.AsSpan(starts[id], starts[id + 1] - starts[id]).Sort();
                }
                _pairs.Clear();
                // Each term's positions cut where a segment ends: the runs of each file (segment × buckets + the term's
                // bucket among the segment's own count).
                var segments = _index.Segments(_count);
                var bucketsIn = Enumerable.Range(0, segments).Select(s => (uint)_index.BucketsIn(s, _count)).ToArray();
                var slices = new List<(int, int, int)>?[segments * _index.Buckets];
                for (int id = 0; id < _terms.Count; id++)
                {
                    for (int i = starts[id]; i < starts[id + 1];)
                    {
                        var segment = positions[i] / _index.SegmentSize;
                        var end = i + 1;
                        while (end < starts[id + 1] && positions[end] / _index.SegmentSize == segment)
                        {
                            end++;
                        }
                        (slices[segment * _index.Buckets + (int)(_hashOf[id] % bucketsIn[segment])] ??= []).Add((id, i, end));
                        i = end;
                    }
                }
                (_positions, _slices) = (positions, slices);
            }

            public string Term(int id) => _terms[id];

            public int[] Positions => _positions!;

            /// <summary>The runs of one file (segment × buckets + bucket), or null when the part has none.</summary>
            public List<(int Id, int Start, int End)>? Slices(int file) => _slices![file];
        }
    }
}
