using System.Text.Json;

namespace ResponsePortal.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once by the real Bicep CLI, with helpers to find resources in the
/// nested module deployments of the ARM JSON.
/// </summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Main = new(() => Compile(Repository.Path("infra", "main.bicep")));

    private CompiledTemplate(BicepResult build, JsonElement root)
    {
        Build = build;
        Root = root;
    }

    public static CompiledTemplate ForMain => Main.Value;

    public BicepResult Build { get; }

    public JsonElement Root { get; }

    public string Json => Build.StandardOutput;

    /// <summary>A module of main.bicep, by its deployment name.</summary>
    public JsonElement Module(string deploymentName) =>
        Elements(Root.GetProperty("resources"))
            .SingleOrDefault(r => Type(r) == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == deploymentName)
        is { ValueKind: JsonValueKind.Object } module
            ? module
            : throw new Xunit.Sdk.XunitException($"main.bicep has no module deployment named '{deploymentName}'.");

    public static JsonElement ParameterPassedTo(JsonElement module, string parameter) =>
        module.GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value");

    public static JsonElement TemplateOf(JsonElement module) => module.GetProperty("properties").GetProperty("template");

    /// <summary>Resources of a type anywhere in the template, including nested module templates.</summary>
    public IReadOnlyList<JsonElement> Resources(string type) => AllResources(Root).Where(r => Type(r) == type).ToList();

    public static IReadOnlyList<JsonElement> Resources(JsonElement template, string type) =>
        AllResources(template).Where(r => Type(r) == type).ToList();

    /// <summary>The one resource of a type; fails when there is none or several.</summary>
    public JsonElement Single(string type)
    {
        var found = Resources(type);
        return found.Count == 1
            ? found[0]
            : throw new Xunit.Sdk.XunitException($"Expected one {type} in the template, found {found.Count}.");
    }

    /// <summary>The function app's settings as the template passes them: name to value or ARM expression.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        ParameterPassedTo(Module("function-app"), "appSettings")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());

    public static string Type(JsonElement resource) => resource.GetProperty("type").GetString() ?? "";

    private static IEnumerable<JsonElement> AllResources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }
        foreach (var resource in Elements(resources))
        {
            yield return resource;
            if (Type(resource) == "Microsoft.Resources/deployments"
                && resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
    private static IEnumerable<JsonElement> Elements(JsonElement resources) =>
        resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);

    private static CompiledTemplate Compile(string bicepFile)
    {
        var build = BicepCli.Run("build", bicepFile, "--stdout");
        if (build.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"bicep build {bicepFile} failed:\n{build.Diagnostics}");
        }
        using var document = JsonDocument.Parse(build.StandardOutput);
        return new CompiledTemplate(build, document.RootElement.Clone());
    }
}

internal static class JsonElementExtensions
{
    public static JsonElement Properties(this JsonElement resource) => resource.GetProperty("properties");

    public static JsonElement At(this JsonElement element, params string[] path) =>
        path.Aggregate(element, (current, name) => current.GetProperty(name));
}
