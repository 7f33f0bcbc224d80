using System.Diagnostics;
using System.Globalization;
using ResponsePortal.Benchmarks;

// dotnet run -c Release --project tests/ResponsePortal.Benchmarks -- site [--count 20000] [--baseline 200] [--repeats 15] [--folder DIR] [--keep]
var command = args.FirstOrDefault() ?? "site";
if (command != "site")
{
    Console.Error.WriteLine("Usage: ResponsePortal.Benchmarks site [--count N] [--baseline M] [--repeats R] [--keep]");
    return 2;
}
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
if (!Stopwatch.IsHighResolution)
{
    Console.WriteLine("warning: the stopwatch is not high resolution on this machine");
}
var folderAt = Array.IndexOf(args, "--folder");
var result = await SiteBenchmark.RunAsync(Option("--count", 20_000), Option("--baseline", 200), Option("--repeats", 15), args.Contains("--keep"),
    folderAt >= 0 && folderAt + 1 < args.Length ? args[folderAt + 1] : null, Console.Out);
return result.MeetsTargets ? 0 : 1;
