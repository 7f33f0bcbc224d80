using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;
using ResponsePortal.Publication;

namespace ResponsePortal.Benchmarks.Publication;

/// <summary>
/// What the documents' text adds to each stage of a full build, per communication, on one thread: reading the text,
/// the index, <c>record.json</c>, the three communication pages and the SHA-256 of those four files, each stage timed
/// over the same synthetic communications with their texts and without. A whole build on this machine moves by 10–30%
/// with its host's load, more than most single changes to one stage; a stage timed on its own, its two variants
/// alternated in every round, shows what a change to it is worth (issue 14, build with text ≤ 1.5× the build without).
/// </summary>
public static class TextStagesBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(BenchmarkArgs.Option(args, "--count", "2000"), CultureInfo.InvariantCulture);
        // The first two rounds warm up and are not counted: at least one more is.
        var rounds = Math.Max(3, int.Parse(BenchmarkArgs.Option(args, "--rounds", "9"), CultureInfo.InvariantCulture));
        var geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var archive = new SyntheticArchive(2021, geneva);
        var inputs = Enumerable.Range(0, count).Select(archive.One).ToList();
        var plain = inputs.Select(input => PublishedRecordFactory.Create(input, geneva)).ToArray();
        // Each public file's bytes, as the build reads them: the letter's public version and the published replies' files.
        var files = inputs.Zip(plain, (input, record) => Files(archive, input, record)).ToList();
        var extractor = new TextExtractor();
        var withText = plain.Select((record, i) => WithText(record, files[i], extractor)).ToArray();
        var languages = new[] { SiteText.English, SiteText.French, SiteText.Spanish }.Select(t => new SitePages(t, "https://example.org/")).ToList();
        var search = new SearchIndex(128, 1000, 1000);
        Console.WriteLine($"text stages: {count:N0} synthetic communications, {files.Average(f => f.Count):F2} public files and "
            + $"{files.Average(f => f.Sum(b => b.Length)) / 1024:F1} KB of text each; {rounds} rounds, the first two not counted; "
            + "one thread; microseconds per communication, medians");

        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var written = new Dictionary<string, double>(StringComparer.Ordinal);
        long sink = 0;
        void Time(string stage, Action body)
        {
            var started = Stopwatch.GetTimestamp();
            body();
            var perCommunication = Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1000 / count;
            (times.TryGetValue(stage, out var list) ? list : times[stage] = []).Add(perCommunication);
        }
        for (int round = 0; round < rounds; round++)
        {
            Time("read text", () =>
            {
                foreach (var file in files.SelectMany(f => f))
                {
                    sink += extractor.Extract(file, DocumentFormat.PlainText).Blocks.Count;
                }
            });
            foreach (var (variant, records) in new[] { ("without", plain), ("with", withText) })
            {
                var json = new byte[count][];
                var pages = new byte[count * 3][];
                Time($"index {variant}", () =>
                {
                    var builder = new SearchIndex.Builder(search, count);
                    for (int i = 0; i < count; i++)
                    {
                        builder.Add(i, records[i]);
                    }
                    foreach (var file in builder.BucketFiles())
                    {
                        sink += file.Bytes().Length;
                    }
                });
                Time($"record.json {variant}", () =>
                {
                    for (int i = 0; i < count; i++)
                    {
                        json[i] = JsonSerializer.SerializeToUtf8Bytes(records[i], SiteBuilder.Json);
                    }
                });
                Time($"3 pages {variant}", () =>
                {
                    for (int i = 0; i < count; i++)
                    {
                        for (int l = 0; l < languages.Count; l++)
                        {
                            pages[i * 3 + l] = languages[l].CommunicationPageUtf8(records[i], $"c/{records[i].Slug}/index.html");
                        }
                    }
                });
                Time($"SHA-256 {variant}", () =>
                {
                    foreach (var bytes in json.Concat(pages))
                    {
                        sink += SHA256.HashData(bytes)[0];
                    }
                });
                written[variant] = (json.Sum(b => (long)b.Length) + pages.Sum(b => (long)b.Length)) / (double)count;
            }
        }

        double Median(string stage)
        {
            var counted = times[stage].Skip(2).Order().ToList();
            return counted[counted.Count / 2];
        }
        Console.WriteLine($"{"stage",-12} {"without",9} {"with",9} {"extra",9}");
        double without = 0, with = Median("read text");
        Console.WriteLine($"{"read text",-12} {"",9} {Median("read text"),9:F1} {Median("read text"),9:F1}");
        foreach (var stage in new[] { "index", "record.json", "3 pages", "SHA-256" })
        {
            var (a, b) = (Median($"{stage} without"), Median($"{stage} with"));
            without += a;
            with += b;
            Console.WriteLine($"{stage,-12} {a,9:F1} {b,9:F1} {b - a,9:F1}");
        }
        Console.WriteLine($"{"all",-12} {without,9:F1} {with,9:F1} {with - without,9:F1}");
        Console.WriteLine($"bytes of record.json and the 3 pages: {written["without"]:N0} without, {written["with"]:N0} with (checksum {sink % 10})");
        return Task.FromResult(0);
    }

    private static List<byte[]> Files(SyntheticArchive archive, PublicationInput input, PublishedRecord record)
    {
        var (letter, _) = PublishedRecordFactory.PublicLetter(input.Communication);
        var files = new List<byte[]> { archive.ReadLetterAsync(letter, CancellationToken.None).Result };
        foreach (var reply in input.Replies.Where(r => PublishedRecordFactory.StatusOf(r) == ReplyEntryStatus.Published))
        {
            files.AddRange(reply.Files.Select(f => archive.ReadReplyFileAsync(f, CancellationToken.None).Result));
        }
        return files.Count == record.AllFiles.Count() ? files : throw new InvalidOperationException("The record's files and the input's differ.");
    }

    /// <summary>The record with each file's text, in the order <see cref="Files"/> reads them (the record's own order).</summary>
    private static PublishedRecord WithText(PublishedRecord record, List<byte[]> files, TextExtractor extractor)
    {
        var texts = files.Select(f => extractor.Extract(f, DocumentFormat.PlainText)).ToList();
        var next = 1;
        return record with
        {
            Letter = record.Letter with { Text = texts[0] },
            Replies = record.Replies.Select(r => r with { Files = r.Files.Select(f => f with { Text = texts[next++] }).ToList() }).ToList(),
        };
    }
}
