using System.Globalization;
using ResponsePortal.Benchmarks;
using ResponsePortal.Benchmarks.Publication;
using ResponsePortal.Benchmarks.Reminders;
using ResponsePortal.Benchmarks.Replies;

// Benchmarks of the portal; each prints its figures as ratios against a baseline measured in the same run.
//   dotnet run -c Release --project tests/ResponsePortal.Benchmarks -- <benchmark> [options]
var benchmarks = new Dictionary<string, (Func<string[], Task<int>> Run, string Help)>(StringComparer.OrdinalIgnoreCase)
{
    ["replies"] = (ReplyUploadBenchmark.RunAsync, "replies [--size-mb 500] [--files 5] [--runs 3]   reply upload through the API vs the Blob SDK: host memory and throughput ratio"),
    ["replies-concurrent"] = (ConcurrentUploadMemoryBenchmark.RunAsync, "replies-concurrent [--uploads 50] [--size-mb 20] [--settle 60] [--runs 1]   host RSS idle, peak and settled with many uploads at once"),
    ["direct-uploads"] = (DirectUploadBenchmark.RunAsync, "direct-uploads [--size-mb 500] [--files 5] [--runs 3]   reply through upload sessions (SAS blocks + finalize) vs the Blob SDK: host memory and throughput ratio"),
    ["calendar"] = (CalendarBenchmark.RunAsync, "calendar [--count 20000] [--runs 5]   the secretariat's calendar feed: our iCalendar writer vs Ical.Net, ratio of medians"),
    ["sweep"] = (SweepBenchmark.RunAsync, "sweep [--sizes 1000,100000] [--sweeps 7]          deadline sweep: entities read and wall time per sweep"),
    ["publish-one"] = (StorageBenchmarks.PublishOneAsync, "publish-one [--count 20000] [--baseline 200] [--repeats 9] [--concurrency 16] [--no-text]   publish one more into archives stored in Azurite: sequential vs concurrent storage calls"),
    ["site-web"] = (StorageBenchmarks.SiteWebAsync, "site-web [--count 2000] [--runs 3] [--concurrency 16]   full build into $web on Azurite vs the raw Blob SDK floor, same objects and parallelism"),
    ["report"] = (ResponsePortal.Benchmarks.Reports.ReportBenchmark.RunAsync, "report [--count 20000] [--from 2020-01-01] [--to 2020-04-30] [--runs 5]   a four-month report from the archive: entities read, build and render time vs the raw Table SDK"),
    ["verify-http"] = (VerifyOverHttpBenchmark.RunAsync, "verify-http [--count 20000] [--runs 3] [--parallel 16] [--folder DIR] [--keep]   site verify --url of a synthetic archive vs sha256sum over its files"),
    ["formats"] = (FormatBenchmark.RunAsync, "formats [--iterations 300] [--rounds 10]   one list chunk's Atom document and open-data CSV pair: our writers vs System.ServiceModel.Syndication and CsvHelper, ratio of medians"),
    ["text"] = (TextExtractionBenchmark.RunAsync, "text [--count 200]   reading one document's text per format (txt, pdf, docx) at the synthetic archive's length"),
    ["search"] = (SearchBenchmark.RunAsync, "search [--count 20000] [--baseline 200] [--runs 3] [--repeats 9] [--folder DIR] [--site DIR] [--only query|build|publish]   full-text index: two-word query in chromium (first result, bytes) vs the old metadata search; build with text and index vs neither; publish-one ratio at the same place in the segment, and into a nearly full one"),
    ["text-stages"] = (TextStagesBenchmark.RunAsync, "text-stages [--count 2000] [--rounds 9]   per communication and stage (reading the text, index, record.json, three pages, SHA-256), with the documents' text vs without, one thread"),
    ["site-peer"] = (HugoPeerBenchmark.RunAsync, "site-peer [--sizes 2000,20000] [--runs 3] [--folder DIR]   the whole 'site generate' process into a folder vs Hugo building the same archive, alternated: communications/s, peak memory, user and system time; startup of a site command"),
    ["site"] = (RunSiteAsync, "site [--count 20000] [--baseline 200] [--repeats 15] [--folder DIR] [--keep] [--no-text]   full site build pages/s; publish-one ratio"),
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("Usage: ResponsePortal.Benchmarks <benchmark> [options]. Benchmarks:");
    foreach (var (_, help) in benchmarks.Values)
    {
        Console.Error.WriteLine("  " + help);
    }
    return args.Length > 0 && args[0] is "--help" or "-h" ? 0 : 2;
}
return await benchmark.Run(args[1..]);

static async Task<int> RunSiteAsync(string[] args)
{
    int Option(string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
    var folderAt = Array.IndexOf(args, "--folder");
    var result = await SiteBenchmark.RunAsync(Option("--count", 20_000), Option("--baseline", 200), Option("--repeats", 15), args.Contains("--keep"),
        folderAt >= 0 && folderAt + 1 < args.Length ? args[folderAt + 1] : null, Console.Out, text: !args.Contains("--no-text"));
    return result.MeetsTargets ? 0 : 1;
}
