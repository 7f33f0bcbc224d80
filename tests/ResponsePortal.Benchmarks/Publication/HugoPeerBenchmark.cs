using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Publication;

namespace ResponsePortal.Benchmarks.Publication;

/// <summary>
/// The whole <c>site generate</c> process against Hugo, the static-site generator a team would pick instead, building
/// the same synthetic archive (issue 13): the same communications, addressees, mandates, years, types and replies, each
/// page with its letter's and replies' text, taxonomy lists paginated, RSS and sitemap. Hugo's site is written before
/// its runs and not timed (it reads prepared Markdown); the portal's process makes its synthetic inputs itself, so its
/// time includes that. Alternated, each process under <c>/usr/bin/time</c> (wall, peak resident memory, user and
/// system time); with a <c>--count 0</c> run of the portal for the fixed cost of starting a <c>site</c> command.
/// </summary>
public static class HugoPeerBenchmark
{
    private const int Seed = 2021;
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = BenchmarkArgs.Option(args, "--sizes", "2000,20000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var runs = int.Parse(BenchmarkArgs.Option(args, "--runs", "3"), CultureInfo.InvariantCulture);
        var root = Path.Combine(BenchmarkArgs.Option(args, "--folder", Path.GetTempPath()), $"rp-hugo-peer-{Guid.NewGuid():N}"[..22]);
        Require("/usr/bin/time", "GNU time is missing: apt-get install -y time");
        var hugo = Require("/usr/bin/hugo", "Hugo is missing: apt-get install -y hugo (Debian's package; the peer this benchmark compares with)");
        var devHost = ResponsePortal.Benchmarks.Replies.ReplyUploadBenchmark.DevHostDll("site-peer");
        Console.WriteLine($"Hugo peer benchmark: sizes {string.Join(", ", sizes)}; {runs} alternated runs each; folder {root}; {Environment.ProcessorCount} cores; {Version(hugo)}");
        Directory.CreateDirectory(root);
        var met = true;
        try
        {
            var startup = new List<Measured>();
            for (int run = 0; run < Math.Max(runs, 3); run++)
            {
                startup.Add(await MeasureAsync(root, "dotnet", [devHost, "site", "generate", "--count", "0", "--seed", "1", "--out", Path.Combine(root, "empty")]));
                Directory.Delete(Path.Combine(root, "empty"), recursive: true);
            }
            var startupWall = SiteBenchmark.Median(startup.Select(m => m.Wall).ToList());
            Console.WriteLine(Invariant($"Startup of a site command into a folder (--count 0): median {startupWall:0.00} s wall, {SiteBenchmark.Median(startup.Select(m => m.User + m.System).ToList()):0.00} s CPU (target <= 0.5 s)"));
            met &= startupWall <= 0.5;

            foreach (var size in sizes)
            {
                var site = Path.Combine(root, $"hugo-{size}");
                var clock = Stopwatch.StartNew();
                WriteHugoSite(site, size);
                Console.WriteLine(Invariant($"{size:N0}: Hugo's site written in {clock.Elapsed.TotalSeconds:0.0} s (not timed)"));
                var portal = new List<Measured>();
                var peer = new List<Measured>();
                // Run 0 of each warms the disk cache and is not counted.
                for (int run = 0; run <= runs; run++)
                {
                    var portalOut = Path.Combine(root, "portal-out");
                    var hugoOut = Path.Combine(root, "hugo-out");
                    var p = await MeasureAsync(root, "dotnet", [devHost, "site", "generate", "--count", size.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", portalOut]);
                    var portalFiles = Directory.EnumerateFiles(portalOut, "*", SearchOption.AllDirectories).Count();
                    Directory.Delete(portalOut, recursive: true);
                    var h = await MeasureAsync(root, hugo, ["--quiet", "-s", site, "-d", hugoOut]);
                    var hugoFiles = Directory.EnumerateFiles(hugoOut, "*", SearchOption.AllDirectories).Count();
                    Directory.Delete(hugoOut, recursive: true);
                    Console.WriteLine(Invariant($"  run {run}{(run == 0 ? " (not counted)" : "")}: portal {p.Wall:0.00} s, {p.PeakMb:N0} MB, user {p.User:0.0} s, system {p.System:0.0} s, {portalFiles:N0} files | Hugo {h.Wall:0.00} s, {h.PeakMb:N0} MB, user {h.User:0.0} s, system {h.System:0.0} s, {hugoFiles:N0} files"));
                    if (run > 0)
                    {
                        portal.Add(p);
                        peer.Add(h);
                    }
                }
                double MedianOf(List<Measured> runs, Func<Measured, double> value) => SiteBenchmark.Median(runs.Select(value).ToList());
                var (portalWall, peerWall) = (MedianOf(portal, m => m.Wall), MedianOf(peer, m => m.Wall));
                var (portalPeak, peerPeak) = (MedianOf(portal, m => m.PeakMb), MedianOf(peer, m => m.PeakMb));
                var speed = peerWall / portalWall;
                var pairs = portal.Zip(peer, (p, h) => h.Wall / p.Wall).ToList();
                var memory = portalPeak / peerPeak;
                var user = MedianOf(portal, m => m.User);
                var system = MedianOf(portal, m => m.System);
                Console.WriteLine(Invariant($"{size:N0} communications: portal {size / portalWall:N0} vs Hugo {size / peerWall:N0} communications/s: {speed:0.00}× Hugo's (target >= 2; each pair {string.Join(", ", pairs.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}); peak memory {portalPeak:N0} vs {peerPeak:N0} MB: {memory:0.00}× (target <= 0.2); portal system {system:0.0} s vs user {user:0.0} s"));
                met &= speed >= 2 && memory <= 0.2 && system <= user;
                Directory.Delete(site, recursive: true);
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        Console.WriteLine(met ? "Targets met." : "TARGETS NOT MET.");
        return met ? 0 : 1;
    }

    private sealed record Measured(double Wall, double PeakMb, double User, double System);

    /// <summary>One process under GNU time: wall, peak resident set, user and system CPU.</summary>
    private static async Task<Measured> MeasureAsync(string folder, string fileName, IReadOnlyList<string> arguments)
    {
        var report = Path.Combine(folder, "time.txt");
        var info = new ProcessStartInfo("/usr/bin/time") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var argument in new[] { "-f", "%e %M %U %S", "-o", report, fileName }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
        }
        var fields = File.ReadAllText(report).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new Measured(fields[0], fields[1] / 1024, fields[2], fields[3]);
    }

    /// <summary>
    /// A Hugo site of the same archive: one Markdown page per communication (its JSON front matter holds what the
    /// portal's page shows: reference, addressee, mandates, year, type, summary, replies with their files; its body the
    /// letter's text and each published reply's text, as the portal's page shows them), taxonomies for addressees,
    /// mandates, years and types, lists of 25 as the portal's, RSS and sitemap (Hugo's defaults).
    /// </summary>
    internal static void WriteHugoSite(string root, int count)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        var content = Directory.CreateDirectory(Path.Combine(root, "content", "c")).FullName;
        var layouts = Directory.CreateDirectory(Path.Combine(root, "layouts", "_default")).FullName;
        File.WriteAllText(Path.Combine(root, "config.toml"), """
            baseURL = "https://example.org/"
            title = "Communications"
            paginate = 25
            [taxonomies]
            addressee = "addressees"
            mandate = "mandates"
            year = "years"
            type = "types"
            """);
        File.WriteAllText(Path.Combine(layouts, "baseof.html"), """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/site.css"></head><body><header><a href="/">Communications</a></header><main>{{ block "main" . }}{{ end }}</main><footer>Published archive</footer></body></html>""");
        File.WriteAllText(Path.Combine(layouts, "single.html"), """
            {{ define "main" }}<article><h1>{{ .Params.reference }}: {{ .Title }}</h1><dl><dt>Addressee</dt><dd>{{ range .Params.addressees }}<a href="/addressees/{{ . | urlize }}/">{{ . }}</a>{{ end }}</dd><dt>Mandates</dt><dd><ul>{{ range .Params.mandates }}<li><a href="/mandates/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul></dd><dt>Sent</dt><dd>{{ .Date.Format "2 January 2006" }}</dd></dl>
            <h2>Summary</h2><p>{{ .Params.summary }}</p><h2>Letter and replies</h2><ul>{{ range .Params.files }}<li>{{ .name }} ({{ .size }} bytes, SHA-256 {{ .sha256 }})</li>{{ end }}</ul>
            <section>{{ .Content }}</section>
            <h2>Timeline</h2><ol>{{ range .Params.timeline }}<li>{{ . }}</li>{{ end }}</ol></article>{{ end }}
            """);
        File.WriteAllText(Path.Combine(layouts, "list.html"), """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Params.reference }}: {{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Params.addresseeName }}</li>{{ end }}</ul>{{ end }}""");
        File.WriteAllText(Path.Combine(layouts, "terms.html"), """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}""");

        var inputs = new SyntheticArchive(Seed, Geneva).Generate(count);
        Parallel.ForEach(Enumerable.Range(0, inputs.Count), i =>
        {
            var input = inputs[i];
            var record = PublishedRecordFactory.Create(input, Geneva);
            var published = input.Replies.Where(r => PublishedRecordFactory.StatusOf(r) == ReplyEntryStatus.Published).ToList();
            var front = new Dictionary<string, object>
            {
                ["title"] = record.Subject,
                ["reference"] = record.Reference,
                ["date"] = record.SentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["addressees"] = new[] { record.AddresseeId },
                ["addresseeName"] = record.AddresseeName,
                ["mandates"] = record.Mandates,
                ["years"] = new[] { record.Year.ToString(CultureInfo.InvariantCulture) },
                ["types"] = new[] { record.Type },
                ["summary"] = record.Summary,
                ["files"] = record.AllFiles.Select(f => new { name = f.FileName, size = f.Size, sha256 = f.Sha256 }).ToList(),
                ["timeline"] = record.Timeline.Select(t => t.Text).ToList(),
            };
            var page = new StringBuilder();
            page.Append(JsonSerializer.Serialize(front)).Append("\n\n## Letter\n\n");
            page.Append(SyntheticArchive.DocumentText(PublishedRecordFactory.PublicLetter(input.Communication).Document.BlobName));
            foreach (var reply in published)
            {
                page.Append("\n\n## Reply\n\n");
                foreach (var file in reply.Files)
                {
                    page.Append(SyntheticArchive.DocumentText(file.BlobName)).Append("\n\n");
                }
            }
            File.WriteAllText(Path.Combine(content, record.Slug + ".md"), page.ToString());
        });
    }

    private static string Require(string path, string howToInstall)
        => File.Exists(path) ? path : throw new InvalidOperationException(howToInstall);

    private static string Version(string hugo)
    {
        using var process = Process.Start(new ProcessStartInfo(hugo, "version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version.Split(' ').Take(2).Aggregate((a, b) => a + " " + b);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
