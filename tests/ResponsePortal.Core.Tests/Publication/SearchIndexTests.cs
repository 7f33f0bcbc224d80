using System.Text;
using ResponsePortal.Documents.Text;
using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class SearchIndexTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private readonly SyntheticArchive _archive = new(42, Geneva);

    private static DocumentText Text(string paragraph) => new(TextOutcome.Extracted, [new TextBlock(TextBlockKind.Paragraph, paragraph)]);

    /// <summary>A synthetic record with two replies, the second withheld (so it has no files in the record).</summary>
    private PublishedRecord RecordWithAPublishedAndAWithheldReply()
    {
        var record = PublishedRecordFactory.Create(_archive.One(7), Geneva);
        var published = new PublishedReply("r1", record.ClosesAt.AddDays(-3), 0, ReplyEntryStatus.Published, null, "Covering note about Quarry", "en",
            [new PublishedFile("files/aa/reply.txt", "reply.txt", "text/plain", 10, new string('a', 64)) { Text = Text("The ministry's investigations into the Marsupial case") }]);
        var withheld = new PublishedReply("r2", record.ClosesAt.AddDays(-2), 0, ReplyEntryStatus.Withheld, "ongoing investigation", null, null, []);
        return record with { Letter = record.Letter with { Text = Text("Detained defenders") }, Replies = [published, withheld] };
    }

    [Fact]
    public void A_communication_is_found_by_its_metadata_its_letter_its_published_replies_and_its_facets()
    {
        var record = RecordWithAPublishedAndAWithheldReply();

        var terms = SearchIndex.TermsOf(record);

        Assert.Contains("detain", terms);
        Assert.Contains("marsupial", terms);
        Assert.Contains("investigation", terms);
        Assert.Contains("quarry", terms);
        Assert.Contains("synthetic", terms);
        Assert.Contains(SearchIndex.Facet.Addressee(record.AddresseeId), terms);
        Assert.Contains(SearchIndex.Facet.Year(record.Year), terms);
        Assert.Contains(SearchIndex.Facet.Type(record.Type), terms);
        Assert.Contains(SearchIndex.Facet.Reply("on-time"), terms);
        Assert.All(record.Mandates, m => Assert.Contains(SearchIndex.Facet.Mandate(m), terms));
    }

    [Fact]
    public void A_withheld_reply_adds_no_term_not_even_its_reason()
    {
        var record = RecordWithAPublishedAndAWithheldReply();
        var withoutIt = record with { Replies = [record.Replies[0]] };

        Assert.Equal(SearchIndex.TermsOf(withoutIt).Order(StringComparer.Ordinal), SearchIndex.TermsOf(record).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("ongo", SearchIndex.TermsOf(record));
    }

    [Fact]
    public void A_bucket_file_holds_positions_as_the_first_and_then_the_gaps_and_reads_back()
    {
        var bucket = new SearchIndex.Bucket();
        foreach (var position in new[] { 10, 3, 11, 3 })
        {
            bucket.Add("child", position);
        }
        bucket.Add("a:USA", 0);

        var bytes = bucket.ToBytes();

        Assert.Equal("{\"a:USA\":[0],\"child\":[3,7,1]}", Encoding.UTF8.GetString(bytes));
        Assert.Equal([3, 10, 11], SearchIndex.Bucket.From(bytes).Postings["child"]);
    }

    [Fact]
    public void Removing_the_last_position_of_a_term_removes_the_term()
    {
        var bucket = new SearchIndex.Bucket();
        bucket.Add("child", 4);

        Assert.True(bucket.Remove("child", 4));
        Assert.False(bucket.Remove("child", 4));
        Assert.Empty(bucket.Postings);
    }

    [Fact]
    public void The_bucket_of_a_term_is_fnv_1a_of_its_utf8_bytes()
    {
        var index = new SearchIndex(128, 1000, 100);
        // FNV-1a 32 of "a" is 0xE40C292C; of "é" (C3 A9) 0x1E9DE8C1.
        Assert.Equal((int)(0xE40C292CU % 128), index.BucketOf("a"));
        Assert.Equal((int)(0x1E9DE8C1U % 128), index.BucketOf("é"));
    }

    [Fact]
    public void The_newest_segment_has_as_many_buckets_as_keep_its_files_the_size_of_a_full_segments()
    {
        var index = new SearchIndex(128, 1000, 100);
        Assert.Equal([8, 8, 8, 16, 16, 32, 32, 64, 64, 128, 128, 128],
            new[] { 0, 1, 62, 63, 125, 126, 250, 251, 500, 501, 999, 1000 }.Select(index.BucketsFor));
        // Whole segments have every bucket; the newest has its own count, named in its files' folder.
        Assert.Equal(128, index.BucketsIn(0, 1_001));
        Assert.Equal(8, index.BucketsIn(1, 1_001));
        Assert.Equal("data/search/1/8/3.json", index.BucketPath(1, 3, 8));
        Assert.Equal("data/search/1/3.json", index.BucketPath(1, 3, 128));
        Assert.Equal(SearchIndex.HashOf("child") % 8, (uint)SearchIndex.BucketOf("child", 8));
        // What a written description says, and what one written before the newest segment had its own count says.
        Assert.Equal(8, SearchIndex.StoredBucketsIn(index.Describe(1_001), 1));
        Assert.Equal(128, SearchIndex.StoredBucketsIn(index.Describe(1_001), 0));
        Assert.Null(SearchIndex.StoredBucketsIn(index.Describe(1_001), 2));
        Assert.Equal(128, SearchIndex.StoredBucketsIn("{\"buckets\":128,\"segments\":2}"u8.ToArray(), 1));
        Assert.Null(SearchIndex.StoredBucketsIn(null, 0));
    }

    [Fact]
    public void A_whole_build_puts_each_term_in_the_file_of_its_bucket_and_segment_and_each_slug_in_its_docs_chunk()
    {
        var index = new SearchIndex(16, 4, 3);
        var records = _archive.Generate(10).Select(i => PublishedRecordFactory.Create(i, Geneva)).ToList();
        var terms = records.Select(SearchIndex.TermsOf).ToList();

        var files = index.Build(records, terms).ToDictionary(f => f.Path, f => f.Bytes);

        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(files[SearchIndex.IndexPath]).RootElement.GetProperty("segments").GetInt32());
        Assert.Equal(4, files.Keys.Count(p => p.StartsWith("data/search/docs/", StringComparison.Ordinal)));
        Assert.Equal($"[\"{records[9].Slug}\"]", Encoding.UTF8.GetString(files[SearchIndex.DocsPath(3)]));
        for (int position = 0; position < records.Count; position++)
        {
            var (segment, local) = index.Locate(position);
            foreach (var term in terms[position])
            {
                var bucket = SearchIndex.Bucket.From(files[index.FileOf(term, segment, records.Count)]);
                Assert.Contains(local, bucket.Postings[term]);
            }
        }
    }

    [Fact]
    public void Appending_a_publication_to_the_bytes_of_a_bucket_writes_what_decoding_adding_and_encoding_write()
    {
        // Words with accents, quotes and characters the JSON encoder escapes, facets with colons, near-equal prefixes.
        string[] vocabulary = ["a", "ab", "abc", "b", "détention", "desalojo", "enquête", "a:USA", "m:Children", "y:2021", "zoë", "\"quoted\"", "<tag>", "o'brien", "x+y", "Ω", "𝒜"];
        var random = new Random(14);
        for (int trial = 0; trial < 300; trial++)
        {
            var bucket = new SearchIndex.Bucket();
            var local = 0;
            for (int publication = 0; publication < random.Next(0, 12); publication++, local += random.Next(1, 5))
            {
                foreach (var term in vocabulary.Where(_ => random.Next(4) == 0))
                {
                    bucket.Add(term, local);
                }
            }
            var bytes = bucket.Postings.Count == 0 ? null : bucket.ToBytes();
            var added = vocabulary.Where(_ => random.Next(3) == 0).Order(StringComparer.Ordinal).ToList();
            var at = local + random.Next(0, 3);

            var outcome = SearchIndex.Bucket.AppendAtEnd(bytes, added, at, out var appended);

            var expected = SearchIndex.Bucket.From(bytes);
            var changed = added.Aggregate(false, (any, term) => expected.Add(term, at) | any);
            Assert.Equal(changed ? SearchIndex.Bucket.Appended.Changed : SearchIndex.Bucket.Appended.Unchanged, outcome);
            Assert.Equal(Encoding.UTF8.GetString(changed ? expected.ToBytes() : bytes ?? []), Encoding.UTF8.GetString(appended));
        }
    }

    [Fact]
    public void Appending_before_a_later_position_is_left_to_the_decoder()
    {
        var bucket = new SearchIndex.Bucket();
        bucket.Add("child", 9);
        var bytes = bucket.ToBytes();

        Assert.Equal(SearchIndex.Bucket.Appended.NotAtTheEnd, SearchIndex.Bucket.AppendAtEnd(bytes, ["child"], 4, out _));
        Assert.Equal(SearchIndex.Bucket.Appended.Unchanged, SearchIndex.Bucket.AppendAtEnd(bytes, ["child"], 9, out var same));
        Assert.Same(bytes, same);
    }

    [Fact]
    public void A_records_json_holds_each_file_and_its_text_once()
    {
        var record = RecordWithAPublishedAndAWithheldReply();

        var json = System.Text.Json.JsonSerializer.Serialize(record, SiteBuilder.Json);

        foreach (var file in record.AllFiles)
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, file.Sha256));
            var text = System.Text.Json.JsonSerializer.Serialize(file.Text!.Blocks[0].Text, SiteBuilder.Json);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, System.Text.RegularExpressions.Regex.Escape(text)));
        }
    }

    [Fact]
    public void A_build_fed_records_from_several_threads_in_any_order_writes_each_term_of_each_record_in_its_bucket_file()
    {
        var index = new SearchIndex(16, 7, 3);
        var records = _archive.Generate(60).Select((input, i) =>
        {
            var record = PublishedRecordFactory.Create(input, Geneva);
            return record with { Letter = record.Letter with { Text = Text(SyntheticArchive.DocumentText($"letters/{i}/letter.txt")) } };
        }).ToList();
        var builder = Build(index, records, threads: 4);
        var built = BucketFiles(builder);

        Assert.Equal(PlainBucketFiles(index, records), built);
        Assert.Equal(built, BucketFiles(builder));
    }

    /// <summary>
    /// A part keeps what each folded word gave (<see cref="WordTerms"/>): over texts whose words come back in other cases,
    /// with and without accents, with digits, and longer than the packed twenty units, its files hold what adding every
    /// term of every record the plain way gives.
    /// </summary>
    [Fact]
    public void A_word_met_again_in_any_case_or_spelling_adds_the_term_it_added_the_first_time()
    {
        var random = new Random(2026);
        string[] vocabulary = ["Detention", "DÉTENTION", "détention", "girls", "Girl", "GIRLS'", "niñas", "Ninas", "enquêtes", "ENQUETE", "the", "The", "les", "al", "AL",
            "x", "2021", "a2021", "B52s", "①", "Straße", "strasse", "countries", "country", "interdisciplinarities", "INTERDISCIPLINARITIES", "abcdefghijklmnopqrst",
            "abcdefghijklmnopqrstu", "abcdefghijklmnopqrs1", "Ωmega", "中文", "rights", "right", "abused", "abusing", "Abuse", new string('z', 40), new string('z', 41)];
        var index = new SearchIndex(16, 7, 3);
        var records = _archive.Generate(40).Select((input, i) =>
        {
            var words = Enumerable.Range(0, 200).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            var record = PublishedRecordFactory.Create(input, Geneva);
            return record with { Letter = record.Letter with { Text = Text(string.Join(random.Next(3) == 0 ? ", " : " ", words)) } };
        }).ToList();

        Assert.Equal(PlainBucketFiles(index, records), BucketFiles(Build(index, records, threads: 2)));
    }

    /// <summary>What the bucket files must hold, built the plain way: every term of every record added to its bucket in order.</summary>
    private static List<KeyValuePair<string, string>> PlainBucketFiles(SearchIndex index, List<PublishedRecord> records)
    {
        var expected = new Dictionary<string, SearchIndex.Bucket>();
        for (int position = 0; position < records.Count; position++)
        {
            var (segment, local) = index.Locate(position);
            foreach (var term in SearchIndex.TermsOf(records[position]))
            {
                var path = index.FileOf(term, segment, records.Count);
                (expected.TryGetValue(path, out var bucket) ? bucket : expected[path] = new SearchIndex.Bucket()).Add(term, local);
            }
        }
        return expected.ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value.ToBytes())).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>A builder fed the records from several threads, in an order other than theirs.</summary>
    private static SearchIndex.Builder Build(SearchIndex index, List<PublishedRecord> records, int threads)
    {
        var builder = new SearchIndex.Builder(index, records.Count);
        Parallel.ForEach(Enumerable.Range(0, records.Count).OrderBy(p => (p * 17) % records.Count), new ParallelOptions { MaxDegreeOfParallelism = threads }, p => builder.Add(p, records[p]));
        return builder;
    }

    private static List<KeyValuePair<string, string>> BucketFiles(SearchIndex.Builder builder)
        => builder.BucketFiles().ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Bytes())).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();

    [Fact]
    public void A_part_that_meets_a_communication_after_a_later_one_still_writes_ascending_positions()
    {
        var index = new SearchIndex(4, 10, 3);
        var builder = new SearchIndex.Builder(index, 20);
        foreach (var position in new[] { 15, 3, 12, 4, 0, 19 })
        {
            builder.Add(position, ["child"]);
        }

        Assert.Equal(1, builder.Parts);
        var files = builder.BucketFiles().ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Bytes()));
        Assert.Equal("{\"child\":[0,3,1]}", files[index.FileOf("child", 0, 20)]);
        Assert.Equal("{\"child\":[2,3,4]}", files[index.FileOf("child", 1, 20)]);
    }

    [Fact]
    public void A_part_holding_more_postings_than_one_chunk_writes_them_all()
    {
        var index = new SearchIndex(8, 50, 10);
        var builder = new SearchIndex.Builder(index, 100);
        // Terms the JSON writer must escape as the serializer does: quotes, markup, accents, a surrogate pair.
        var terms = Enumerable.Range(0, 700).Select(t => "w" + t).Concat(["a:\"q\"", "m:<b>&", "élève", "x\uD83D\uDE00"]).ToList();
        var expected = new Dictionary<string, SearchIndex.Bucket>();
        foreach (var position in Enumerable.Range(0, 100).Reverse())
        {
            // 70,400 postings in one part: more than one chunk of pairs.
            builder.Add(position, terms);
            var (segment, local) = index.Locate(position);
            foreach (var term in terms)
            {
                var path = index.FileOf(term, segment, 100);
                (expected.TryGetValue(path, out var bucket) ? bucket : expected[path] = new SearchIndex.Bucket()).Add(term, local);
            }
        }

        Assert.Equal(1, builder.Parts);
        Assert.Equal(expected.ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value.ToBytes())).OrderBy(f => f.Key, StringComparer.Ordinal),
            builder.BucketFiles().ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Bytes())).OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Threads_adding_at_the_same_time_each_get_a_part_of_their_own()
    {
        var index = new SearchIndex(16, 4, 3);
        var builder = new SearchIndex.Builder(index, 8);
        using var inside = new Barrier(2);
        var terms = new BlockingTerms(inside);
        await Task.WhenAll(Task.Run(() => builder.Add(0, terms)), Task.Run(() => builder.Add(1, terms))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, builder.Parts);
        Assert.Equal("{\"child\":[0,1]}", Encoding.UTF8.GetString(builder.BucketFiles().Single().Bytes()));
    }

    /// <summary>One term, handed out only when both adds are inside <see cref="SearchIndex.Builder.Add"/>.</summary>
    private sealed class BlockingTerms(Barrier inside) : IReadOnlyCollection<string>
    {
        public int Count => 1;

        public IEnumerator<string> GetEnumerator()
        {
            inside.SignalAndWait();
            yield return "child";
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
