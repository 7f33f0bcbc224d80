using System.Diagnostics;
using System.Globalization;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Publication;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Benchmarks.Publication;

/// <summary>
/// What it costs anyone to check the whole public site: <c>site verify --url</c> against a synthetic archive served
/// by <see cref="SiteServer"/> on 127.0.0.1, alternated with the floor, <c>sha256sum</c> over the same files on disk.
/// </summary>
public static class VerifyOverHttpBenchmark
{
    public const double RatioTarget = 3.0;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Text(string name) => Array.IndexOf(args, name) is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        int Number(string name, int fallback) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var count = Number("--count", 20_000);
        var runs = Number("--runs", 3);
        var parallel = Number("--parallel", new VerifyOptions().Parallelism);
        var root = Path.Combine(Text("--folder") ?? Path.GetTempPath(), "rp-verify-benchmark-" + Guid.NewGuid().ToString("N")[..8]);
        if (!File.Exists("/usr/bin/sha256sum"))
        {
            Console.Error.WriteLine("The floor is GNU coreutils' sha256sum: sudo apt-get install -y coreutils");
            return 2;
        }
        Console.WriteLine($"Verify over HTTP: {count:N0} communications, {runs} alternated runs, {parallel} reads at a time; folder {root}; {Environment.ProcessorCount} cores");
        try
        {
            var signer = new ReceiptKeyPublicationSigner(new ReceiptSigner(ReceiptSigner.NewKeyPem()));
            var progress = new Progress<string>(line => { if (line.StartsWith("communications", StringComparison.Ordinal) || line.StartsWith("done", StringComparison.Ordinal)) Console.WriteLine("  " + line); });
            await SiteCommands.GenerateAsync(new LocalFolderSiteOutput(root), "https://example.org/", TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"), count, 7, 100, progress, default, signer);
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count();
            var port = ChildProcess.FreePort();
            await using var server = SiteServer.Build(root, port);
            await server.StartAsync();

            var floor = new List<double>();
            var verify = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                floor.Add(await Sha256sumAsync(root));
                var output = new StringWriter();
                var timer = Stopwatch.StartNew();
                var code = await SiteCommands.VerifyOverHttpAsync(["verify", "--url", $"http://127.0.0.1:{port}/", "--parallel", parallel.ToString(CultureInfo.InvariantCulture)], output);
                verify.Add(timer.Elapsed.TotalSeconds);
                if (code != 0)
                {
                    Console.WriteLine(output.ToString());
                    Console.WriteLine("The generated site did not verify: the figure would mean nothing.");
                    return 1;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run}/{runs}: sha256sum {floor[^1]:0.00} s, site verify --url {verify[^1]:0.00} s"));
            }
            var ratio = Median(verify) / Median(floor);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{files:N0} files: median site verify --url {Median(verify):0.00} s vs sha256sum {Median(floor):0.00} s: {ratio:0.00}x (target <= {RatioTarget}) {(ratio <= RatioTarget ? "MET" : "NOT MET")}"));
            return ratio <= RatioTarget ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep") && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<double> Sha256sumAsync(string folder)
    {
        var start = new ProcessStartInfo("bash", ["-c", "find . -type f -print0 | xargs -0 sha256sum > /dev/null"]) { WorkingDirectory = folder };
        var timer = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return timer.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
