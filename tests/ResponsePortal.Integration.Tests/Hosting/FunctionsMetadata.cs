using System.Text.Json;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>The functions.metadata the Functions SDK generates at build: what the Functions host will index.</summary>
public static class FunctionsMetadata
{
    public sealed record HttpTrigger(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel);

    public static JsonElement Read()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepoPaths.Root, "functions", "ResponsePortal.Functions", "bin", configuration, "net10.0", "functions.metadata");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"functions.metadata was not generated at {path}; build functions/ResponsePortal.Functions first (dotnet build).", path);
        }
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    public static IReadOnlyList<HttpTrigger> HttpTriggers()
        => Read().EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => new HttpTrigger(
                    f.GetProperty("name").GetString()!,
                    b.GetProperty("route").GetString()!,
                    b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToList(),
                    b.GetProperty("authLevel").GetString()!)))
            .ToList();
}
