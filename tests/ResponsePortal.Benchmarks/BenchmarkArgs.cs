namespace ResponsePortal.Benchmarks;

/// <summary>Reads a benchmark's "--name value" options: one reader for the benchmarks added beside the older ones.</summary>
internal static class BenchmarkArgs
{
    public static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
