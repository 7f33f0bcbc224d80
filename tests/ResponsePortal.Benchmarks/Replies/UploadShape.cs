using System.Globalization;

namespace ResponsePortal.Benchmarks.Replies;

/// <summary>What an upload benchmark sends: --size-mb in all, split into --files equal files, measured --runs times.</summary>
public sealed record UploadShape(int Files, long PerFile, long Total, int Runs)
{
    /// <summary>The shape from the command line; null (after saying why) for an argument it does not know.</summary>
    public static UploadShape? Parse(string[] args)
    {
        int sizeMb = 500, files = 5, runs = 3;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size-mb" when i + 1 < args.Length: sizeMb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--files" when i + 1 < args.Length: files = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs" when i + 1 < args.Length: runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"Unknown argument '{args[i]}'."); return null;
            }
        }
        long perFile = sizeMb * 1024L * 1024L / files;
        return new UploadShape(files, perFile, perFile * files, runs);
    }
}
