using System.Text.Json;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>What azd deploys: the output of "dotnet publish" of the Functions app.</summary>
public sealed class FunctionsPublishTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("functions-publish-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void Published_package_indexes_every_function_for_the_functions_host()
    {
        ChildProcess.Run("dotnet", $"publish functions/ResponsePortal.Functions/ResponsePortal.Functions.csproj -c Release -o \"{_output}\" --nologo -v quiet",
            RepoPaths.Root, TimeSpan.FromMinutes(8));

        var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "functions.metadata"))).RootElement;
        var published = metadata.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order().ToList();
        Assert.Equal(FunctionCatalog.All.Select(f => f.Name).Order().ToList(), published);
        Assert.True(File.Exists(Path.Combine(_output, "host.json")), "host.json is missing from the package.");
        Assert.True(File.Exists(Path.Combine(_output, "ResponsePortal.Functions.dll")), "The worker assembly is missing from the package.");
        Assert.False(File.Exists(Path.Combine(_output, "local.settings.json")), "local.settings.json must never be deployed.");
    }
}
