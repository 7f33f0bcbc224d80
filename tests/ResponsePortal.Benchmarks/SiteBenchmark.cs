using System.Diagnostics;
using System.Text.Json;
using ResponsePortal.Publication;

namespace ResponsePortal.Benchmarks;

public sealed record SiteBenchmarkResult(int Communications, int HtmlPages, int Files, TimeSpan BuildTime, double PagesPerSecond, double MedianPublishLargeMs, double MedianPublishBaselineMs)
{
    public const double PagesPerSecondTarget = 2000;
    public const double RatioTarget = 1.2;

    public double Ratio => MedianPublishLargeMs / MedianPublishBaselineMs;
    public bool MeetsTargets => PagesPerSecond >= PagesPerSecondTarget && Ratio < RatioTarget;
}

/// <summary>
/// Builds the public site for a large synthetic archive into a local folder (pages per second), then publishes
/// one more communication into it and into a small archive built the same way, and compares the medians.
/// </summary>
public static class SiteBenchmark
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    public const int Seed = 2021;

    /// <param name="text">Whether the files' text is extracted at publication (issue 14); without, the build before it.</param>
    public static async Task<SiteBenchmarkResult> RunAsync(int count, int baseline, int repeats, bool keep, string? folder, TextWriter output, bool text = true)
    {
        var root = Path.Combine(folder ?? Path.GetTempPath(), "rp-site-benchmark-" + Guid.NewGuid().ToString("N")[..8]);
        output.WriteLine($"Site benchmark: {count:N0} communications vs a baseline of {baseline:N0}; {repeats} publishes each; folder {root}; {Environment.ProcessorCount} cores; text extraction {(text ? "on" : "OFF")}");
        try
        {
            var archive = new SyntheticArchive(Seed, Geneva);

            // The baseline archive first: it also warms up the JIT for the large build.
            var (small, smallLog, _) = await BuildAsync(archive, baseline, Path.Combine(root, "baseline"), output, Settings(text));
            var (large, largeLog, stats) = await BuildAsync(archive, count, Path.Combine(root, "large"), output, Settings(text));
            output.WriteLine($"Full build: {stats.Communications:N0} communications, {stats.HtmlPages:N0} HTML pages ({stats.FilesWritten:N0} files) in {stats.Elapsed.TotalSeconds:0.00} s = {stats.PagesPerSecond:N0} pages/s (target >= {SiteBenchmarkResult.PagesPerSecondTarget:N0})");
            output.WriteLine($"Texts: {large.Texts.Extracted:N0} files read for their text in {large.Texts.Spent.TotalSeconds:0.00} s summed over files, {large.Texts.Reused:N0} reused");

            // Alternate the two archives so drift of the machine (other processes, disk cache) hits both alike.
            // One discarded round: the one-communication path is not exercised by the full build, so it needs its JIT warm-up.
            await PublishOneAsync(small, smallLog, archive.One(baseline + repeats));
            await PublishOneAsync(large, largeLog, archive.One(count + repeats));
            var largeTimes = new List<double>();
            var smallTimes = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                smallTimes.Add(await PublishOneAsync(small, smallLog, archive.One(baseline + r)));
                largeTimes.Add(await PublishOneAsync(large, largeLog, archive.One(count + r)));
            }
            var result = new SiteBenchmarkResult(stats.Communications, stats.HtmlPages, stats.FilesWritten, stats.Elapsed, stats.PagesPerSecond, Median(largeTimes), Median(smallTimes));
            output.WriteLine($"Publish one more: median {result.MedianPublishLargeMs:0.00} ms into {count:N0} vs {result.MedianPublishBaselineMs:0.00} ms into {baseline:N0}; ratio {result.Ratio:0.00} (target < {SiteBenchmarkResult.RatioTarget})");
            output.WriteLine($"  into {count:N0}: {string.Join(", ", largeTimes.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
            output.WriteLine($"  into {baseline:N0}: {string.Join(", ", smallTimes.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
            output.WriteLine(result.MeetsTargets ? "Targets met." : "TARGETS NOT MET.");
            return result;
        }
        finally
        {
            if (!keep && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The benchmark's site settings, with or without reading the files' text (issue 14).</summary>
    private static SiteSettings Settings(bool text)
        => new() { BaseUrl = "https://example.org/", TextExtractor = text ? new ResponsePortal.Documents.Text.TextExtractor() : null };

    internal static async Task<(SiteBuilder Builder, InMemoryPublicationLog Log, SiteBuildStats Stats)> BuildAsync(SyntheticArchive archive, int count, string folder, TextWriter output, SiteSettings? settings = null)
    {
        var inputs = archive.Generate(count);
        var log = new InMemoryPublicationLog();
        foreach (var input in inputs)
        {
            var record = PublishedRecordFactory.Create(input, Geneva);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(record, SiteBuilder.Json);
            await log.AppendAsync(record.PublishedAt, record.Slug, PublicationLogKinds.Publication,
                record.AllFiles.Select(f => new PublicationLogFile(f.Path, f.Sha256)).Append(new PublicationLogFile(SiteBuilder.RecordPath(record.Slug), SiteBuilder.Sha256(bytes))).ToList(), default);
        }
        var builder = new SiteBuilder(new LocalFolderSiteOutput(folder), archive, settings ?? new SiteSettings { BaseUrl = "https://example.org/" }, Geneva,
            new ReceiptKeyPublicationSigner(new ResponsePortal.Replies.ReceiptSigner(ResponsePortal.Replies.ReceiptSigner.NewKeyPem())));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var progress = count >= 5000 ? new Progress<string>(line => output.WriteLine("  " + line)) : null;
        var pauses = GC.GetTotalPauseDuration();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var system = Process.GetCurrentProcess().PrivilegedProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var stats = await builder.BuildAllAsync(inputs, log, progress, default);
        if (count >= 5000)
        {
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var kernel = (Process.GetCurrentProcess().PrivilegedProcessorTime - system).TotalSeconds;
            output.WriteLine($"  CPU {used:0.0} s ({kernel:0.0} s in the kernel; {used / stats.Elapsed.TotalSeconds:0.00} of {Environment.ProcessorCount} cores); allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1e9:0.0} GB; GC pauses {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:0.00} s; {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:N0} MB heap after");
        }
        return (builder, log, stats);
    }

    /// <summary>
    /// What the publisher does for one communication (PublicationService): render the pages that change into memory,
    /// finalise a completed log page, write the manifest, log, write the files, then the log's newest page and signed head.
    /// </summary>
    internal static async Task<double> PublishOneAsync(SiteBuilder builder, InMemoryPublicationLog log, PublicationInput input)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        var staged = new StagedSiteOutput(builder.Output);
        var stage = builder.On(staged);
        var head = await log.HeadAsync(default);
        var prepared = await stage.PrepareAsync(input, default);
        await stage.ApplyAsync(prepared, default, head);
        var completed = new RecordingSiteOutput(builder.Output);
        await builder.On(completed).WriteCompletedLogPagesAsync(log, head.Sequence + 1, builder.CompletedChunkBefore(head.Sequence + 1), default);
        var manifest = staged.Changes().With(completed.Changes()).ToBytes();
        await builder.Output.WriteAsync(PublicationManifest.PathOf(head.Sequence + 1), manifest, "application/json", default);
        await log.AppendAsync(prepared.Record.PublishedAt, prepared.Record.Slug, PublicationLogKinds.Publication, prepared.Files, default, SiteBuilder.Sha256(manifest));
        await staged.CommitAsync(default);
        await builder.WriteLogHeadAsync(log, default);
        return clock.Elapsed.TotalMilliseconds;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
