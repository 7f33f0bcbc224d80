using System.Reflection;

namespace ResponsePortal.Infra.Tests;

/// <summary>Paths in the repository, resolved from where the test project was built.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    internal static string Metadata(string key) =>
        typeof(Repository).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? "";
}
