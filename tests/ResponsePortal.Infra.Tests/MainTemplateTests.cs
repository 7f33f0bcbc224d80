using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace ResponsePortal.Infra.Tests;

public class MainTemplateTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    [Fact]
    public void Main_template_compiles_without_warnings()
    {
        Assert.Equal(0, template.Build.ExitCode);
        Assert.DoesNotContain("Warning", template.Build.StandardError, StringComparison.Ordinal);
        Assert.Equal("subscriptionDeploymentTemplate.json#", template.Root.GetProperty("$schema").GetString()!.Split('/')[^1]);
    }

    [Fact]
    public void Linter_reports_nothing_with_the_repository_bicepconfig()
    {
        var lint = BicepCli.Run("lint", Repository.Path("infra", "main.bicep"));

        Assert.True(lint.ExitCode == 0 && lint.Diagnostics.Length == 0, $"bicep lint reported:\n{lint.Diagnostics}");
    }

    [Fact]
    public void Bicepconfig_turns_a_linter_warning_into_a_failure()
    {
        var directory = Directory.CreateTempSubdirectory("bicep-lint-");
        try
        {
            File.Copy(Repository.Path("infra", "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var file = Path.Combine(directory.FullName, "unused.bicep");
            File.WriteAllText(file, "param unused string\n");

            var lint = BicepCli.Run("lint", file);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("Error no-unused-params", lint.Diagnostics, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void No_module_comes_from_a_registry()
    {
        var registryReferences = Directory.EnumerateFiles(Repository.Path("infra"), "*.bicep", SearchOption.AllDirectories)
            .Where(file => Regex.IsMatch(File.ReadAllText(file), "'br(/|:)"))
            .Select(file => Path.GetRelativePath(Repository.Root, file))
            .ToList();

        Assert.Empty(registryReferences);
    }

    [Fact]
    public void Resource_names_come_from_a_token_unique_to_subscription_environment_and_location()
    {
        var resourceToken = template.Root.At("variables", "resourceToken").GetString();

        Assert.Equal("[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]", resourceToken);
    }

    [Fact]
    public void Resource_group_is_tagged_with_the_azd_environment()
    {
        var tags = template.Root.At("variables", "tags");
        var resourceGroup = template.Single("Microsoft.Resources/resourceGroups");

        Assert.Equal("[parameters('environmentName')]", tags.GetProperty("azd-env-name").GetString());
        Assert.Equal("[variables('tags')]", resourceGroup.GetProperty("tags").GetString());
    }

    [Theory]
    [InlineData("api", "Microsoft.Web/sites")]
    [InlineData("web", "Microsoft.Web/staticSites")]
    public void Each_azd_service_tags_exactly_one_resource_with_its_name_from_azure_yaml(string service, string type)
    {
        var azureYaml = File.ReadAllText(Repository.Path("azure.yaml")).ReplaceLineEndings("\n");

        var tagged = Assert.Single(ServiceTags(), r => r.Service == service);

        Assert.Equal(type, CompiledTemplate.Type(tagged.Resource));
        Assert.Contains($"\n  {service}:\n", azureYaml, StringComparison.Ordinal);
    }

    /// <summary>Each resource of the app modules with the azd-service-name its tags resolve to (null for none).</summary>
    private IEnumerable<(JsonElement Resource, string? Service)> ServiceTags()
    {
        foreach (var moduleName in new[] { "function-app", "static-web-app" })
        {
            var module = template.Module(moduleName);
            var passed = CompiledTemplate.ParameterPassedTo(module, "tags").GetString()!;
            var resources = CompiledTemplate.TemplateOf(module).GetProperty("resources");
            var all = resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray().ToList() : resources.EnumerateObject().Select(p => p.Value).ToList();
            foreach (var resource in all)
            {
                var tags = resource.TryGetProperty("tags", out var value) ? value.GetString() : null;
                var service = tags switch
                {
                    "[parameters('tags')]" => Regex.Match(passed, @"createObject\('azd-service-name', '(\w+)'\)") is { Success: true } m ? m.Groups[1].Value : null,
                    "[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]" => CompiledTemplate.ParameterPassedTo(module, "serviceName").GetString(),
                    _ => null,
                };
                yield return (resource, service);
            }
        }
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_SERVICEBUS_NAMESPACE")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("AZURE_STATIC_WEB_APP_URL")]
    [InlineData("PUBLIC_SITE_URL")]
    [InlineData("AZURE_FUNCTION_APP_URL")]
    [InlineData("AZURE_INTAKE_SYSTEM_TOPIC_NAME")]
    public void Template_outputs_what_azd_hooks_and_the_deploy_guide_use(string output)
    {
        Assert.True(template.Root.GetProperty("outputs").TryGetProperty(output, out _), $"main.bicep has no output {output}.");
    }

    [Fact]
    public void Intake_events_come_from_a_system_topic_on_the_storage_account_declared_in_the_template()
    {
        var topic = template.Single("Microsoft.EventGrid/systemTopics").Properties();

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.GetProperty("topicType").GetString());
        Assert.Equal("[parameters('storageAccountResourceId')]", topic.GetProperty("source").GetString());
        Assert.EndsWith("'storage'), '2025-04-01').outputs.resourceId.value]", CompiledTemplate.ParameterPassedTo(template.Module("intake-events"), "storageAccountResourceId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_parameter_azd_passes_is_declared_by_the_template()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(Repository.Path("infra", "main.parameters.json")));
        var declared = template.Root.GetProperty("parameters");

        var unknown = parameters.RootElement.GetProperty("parameters").EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !declared.TryGetProperty(name, out _))
            .ToList();

        Assert.Empty(unknown);
    }
}
