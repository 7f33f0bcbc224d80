using System.Text.Json;

namespace ResponsePortal.Infra.Tests;

/// <summary>The tables, blob containers and queues that infra/main.bicep declares, read from the compiled ARM JSON.</summary>
internal sealed record DeclaredStorage(IReadOnlyList<string> Tables, IReadOnlyList<string> Containers, IReadOnlyList<string> Queues)
{
    /// <summary>Not an ARM resource: the storage static website creates it when the postprovision hook switches it on.</summary>
    public const string StaticWebsiteContainer = "$web";

    public static DeclaredStorage Of(CompiledTemplate template)
    {
        var module = template.Module("storage");
        var nested = CompiledTemplate.TemplateOf(module);
        return new DeclaredStorage(
            Names(template, module, nested, "Microsoft.Storage/storageAccounts/tableServices/tables", "tableNames"),
            Names(template, module, nested, "Microsoft.Storage/storageAccounts/blobServices/containers", "containerNames"),
            Names(template, module, nested, "Microsoft.Storage/storageAccounts/queueServices/queues", "queueNames"));
    }

    /// <summary>The names passed to the storage module, after checking that the module makes one resource per name.</summary>
    private static List<string> Names(CompiledTemplate template, JsonElement module, JsonElement nested, string type, string parameter)
    {
        var loop = CompiledTemplate.Resources(nested, type).Where(r => !r.TryGetProperty("existing", out _)).ToList();
        if (loop.Count != 1 || loop[0].At("copy", "count").GetString() != $"[length(parameters('{parameter}'))]"
            || !loop[0].GetProperty("name").GetString()!.Contains($"parameters('{parameter}')[copyIndex()]", StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"The storage module should make one {type} per entry of {parameter}.");
        }
        return CompiledTemplate.ParameterPassedTo(module, parameter).EnumerateArray().Select(e => Resolve(template, e.GetString()!)).ToList();
    }

    /// <summary>A literal, or a main.bicep variable holding one.</summary>
    private static string Resolve(CompiledTemplate template, string value)
    {
        if (!value.StartsWith('['))
        {
            return value;
        }
        const string prefix = "[variables('";
        return value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith("')]", StringComparison.Ordinal)
            ? template.Root.At("variables", value[prefix.Length..^3]).GetString()!
            : throw new Xunit.Sdk.XunitException($"A storage name in main.bicep is an expression the tests cannot resolve: {value}");
    }
}
