using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Storage;
using Xunit;

namespace ResponsePortal.Infra.Tests;

/// <summary>
/// One source of truth for storage: what the features register (<see cref="StorageResources"/> in the real
/// composition, configured with the app settings main.bicep gives the function app) is what main.bicep declares.
/// </summary>
public class StorageDeclarationTests
{
    /// <summary>Declared in Bicep for the platform, not for the code: Flex Consumption reads the app package from it.</summary>
    private const string DeploymentContainer = "deployments";

    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private DeclaredStorage Bicep => DeclaredStorage.Of(template);

    [Fact]
    public void Every_table_a_feature_declares_is_declared_in_main_bicep()
    {
        var missing = CodeStorage().SelectMany(r => r.Tables).Distinct().Except(Bicep.Tables).ToList();

        Assert.True(missing.Count == 0, $"main.bicep (storage module, tableNames) lacks the tables: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_container_a_feature_declares_is_declared_in_main_bicep_or_made_by_the_static_website()
    {
        var missing = CodeStorage().SelectMany(r => r.Containers).Distinct()
            .Except(Bicep.Containers).Except([DeclaredStorage.StaticWebsiteContainer]).ToList();

        Assert.True(missing.Count == 0, $"main.bicep (storage module, containerNames) lacks the containers: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_queue_a_feature_declares_is_declared_in_main_bicep()
    {
        var missing = CodeStorage().SelectMany(r => r.Queues).Distinct().Except(Bicep.Queues).ToList();

        Assert.True(missing.Count == 0, $"main.bicep (storage module, queueNames) lacks the queues: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Main_bicep_declares_no_storage_that_no_feature_uses()
    {
        var code = CodeStorage();
        var unused = Bicep.Tables.Except(code.SelectMany(r => r.Tables))
            .Concat(Bicep.Containers.Except(code.SelectMany(r => r.Containers)).Except([DeploymentContainer]))
            .Concat(Bicep.Queues.Except(code.SelectMany(r => r.Queues)))
            .ToList();

        Assert.True(unused.Count == 0, $"main.bicep declares storage no feature registers: {string.Join(", ", unused)}");
    }

    [Fact]
    public void The_static_website_container_is_switched_on_by_the_postprovision_hook()
    {
        Assert.Contains(DeclaredStorage.StaticWebsiteContainer, CodeStorage().SelectMany(r => r.Containers));
        foreach (var script in new[] { "enable-static-website.sh", "enable-static-website.ps1" })
        {
            Assert.Contains("--static-website true", File.ReadAllText(Repository.Path("infra", "scripts", script)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Nothing_the_function_app_runs_creates_storage()
    {
        // In Azure the template creates storage; StorageBootstrap exists for the DevHost and tests only. The
        // production-composition test shows the same at run time (Azurite holds only what the template declares).
        string[] creating = ["CreateIfNotExists", "CreateTableIfNotExists", "CreateTable(", "CreateQueue(", "CreateBlobContainer", "StorageBootstrap"];
        var offenders = new[] { "ResponsePortal.Functions", "ResponsePortal.Azure", "ResponsePortal.Core" }
            .SelectMany(project => Directory.EnumerateFiles(Repository.Path("functions", project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => Path.GetFileName(file) != "StorageBootstrap.cs" && !file.EndsWith("ServiceCollectionExtensions.cs", StringComparison.Ordinal))
            .Where(file => creating.Any(call => File.ReadAllText(file).Contains(call, StringComparison.Ordinal)))
            .Select(file => Path.GetRelativePath(Repository.Root, file))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_composition_is_read_with_the_reminder_transport_the_template_sets()
    {
        // Service Bus carries reminders in Azure, so no storage queue is needed for them.
        Assert.Equal("ServiceBus", template.AppSettings["Reminders__Transport"]);
        Assert.DoesNotContain("reminders", CodeStorage().SelectMany(r => r.Queues));
    }

    /// <summary>Every <see cref="StorageResources"/> the features register, with the function app's settings from main.bicep.</summary>
    private List<StorageResources> CodeStorage()
    {
        using var provider = Composition().BuildServiceProvider();
        return provider.GetServices<StorageResources>().ToList();
    }

    private ServiceCollection Composition()
    {
        // Literal settings come from the template; those it computes at deployment get a stand-in of the same shape.
        var settings = template.AppSettings
            .Where(s => !s.Value.StartsWith('['))
            .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        settings["ServiceBus:fullyQualifiedNamespace"] = "sb-example.servicebus.windows.net";
        settings["AzureWebJobsStorage:blobServiceUri"] = "https://stexample.blob.core.windows.net/";
        settings["AzureWebJobsStorage:queueServiceUri"] = "https://stexample.queue.core.windows.net/";
        settings["AzureWebJobsStorage:tableServiceUri"] = "https://stexample.table.core.windows.net/";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddResponsePortal(configuration);
        return services;
    }
}
