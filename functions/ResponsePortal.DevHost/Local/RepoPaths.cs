namespace ResponsePortal.DevHost.Local;

/// <summary>Finds the repository root (the folder holding ResponsePortal.sln) from wherever the host runs.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Web => Path.Combine(Root, "web");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ResponsePortal.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Could not find ResponsePortal.sln above the current folder; run from inside the repository.");
    }
}
