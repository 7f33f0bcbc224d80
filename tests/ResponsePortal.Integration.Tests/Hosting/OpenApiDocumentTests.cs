using System.Text.Json;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Hosting;

public sealed class OpenApiDocumentTests
{
    private static JsonElement Document() => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "openapi.json"))).RootElement;

    [Fact]
    public void Every_http_function_is_described_in_the_openapi_document()
    {
        var paths = Document().GetProperty("paths");
        var missing = FunctionsMetadata.HttpTriggers()
            .SelectMany(f => f.Methods.Select(m => (Path: "/" + f.Route, Method: m.ToLowerInvariant(), f.Name)))
            .Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _))
            .Select(r => $"{r.Method.ToUpperInvariant()} {r.Path} ({r.Name})")
            .ToList();

        Assert.True(missing.Count == 0, "Not in docs/openapi.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void Openapi_document_describes_no_route_that_does_not_exist()
    {
        var routes = FunctionsMetadata.HttpTriggers().SelectMany(f => f.Methods.Select(m => $"{m.ToLowerInvariant()} /{f.Route}")).ToHashSet();
        var documented = Document().GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name} {p.Name}"));

        Assert.All(documented, route => Assert.Contains(route, routes));
    }
}
