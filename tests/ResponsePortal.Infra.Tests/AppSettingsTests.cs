using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

public class AppSettingsTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    [Fact]
    public void Every_setting_in_the_local_settings_example_is_set_by_the_template()
    {
        var example = Repository.Path("functions", "ResponsePortal.Functions", "local.settings.example.json");
        using var document = JsonDocument.Parse(File.ReadAllText(example));

        var missing = document.RootElement.GetProperty("Values").EnumerateObject()
            .Select(setting => setting.Name)
            // Flex Consumption sets the worker runtime from functionAppConfig and refuses the setting.
            .Where(name => name != "FUNCTIONS_WORKER_RUNTIME")
            // In Azure the storage connection is identity-based: AzureWebJobsStorage__blobServiceUri and friends.
            .Select(name => name == "AzureWebJobsStorage" ? "AzureWebJobsStorage__blobServiceUri" : name)
            .Where(name => !template.AppSettings.ContainsKey(name))
            .ToList();

        Assert.True(missing.Count == 0, $"main.bicep does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Worker_runtime_is_not_an_app_setting_on_flex_consumption()
    {
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", template.AppSettings.Keys);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("ServiceBus")]
    public void Connections_authenticate_with_the_user_assigned_identity(string connection)
    {
        var settings = template.AppSettings;

        Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
        Assert.Contains(".outputs.clientId.value", settings[$"{connection}__clientId"], StringComparison.Ordinal);
        Assert.DoesNotContain(connection, settings.Keys);
    }

    [Theory]
    [InlineData("blobServiceUri", "blobEndpoint")]
    [InlineData("queueServiceUri", "queueEndpoint")]
    [InlineData("tableServiceUri", "tableEndpoint")]
    public void Storage_endpoints_are_the_accounts_primary_endpoints_in_whichever_cloud(string setting, string output)
    {
        var storage = CompiledTemplate.TemplateOf(template.Module("storage"));
        var service = output.Replace("Endpoint", "", StringComparison.Ordinal);

        Assert.EndsWith($"'Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.{output}.value]", template.AppSettings[$"AzureWebJobsStorage__{setting}"], StringComparison.Ordinal);
        Assert.EndsWith($".primaryEndpoints.{service}]", storage.At("outputs", output, "value").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AzureWebJobsStorage__accountName", template.AppSettings.Keys);
        Assert.DoesNotContain(template.AppSettings.Values, v => v.Contains("core.windows.net", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_setting_carries_a_key_or_a_connection_string_with_a_secret()
    {
        var suspicious = template.AppSettings
            .Where(s => s.Value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase)
                || s.Value.Contains("SharedAccessKey", StringComparison.OrdinalIgnoreCase)
                || s.Value.Contains("listKeys", StringComparison.OrdinalIgnoreCase)
                || s.Value.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Key)
            .ToList();

        Assert.Empty(suspicious);
    }

    [Theory]
    [InlineData("Receipts__SigningKeyPem", "receiptSigningKeySecretName", "receipt-signing-key")]
    [InlineData("Smtp__Password", "smtpPasswordSecretName", "smtp-password")]
    public void Secrets_are_key_vault_references(string setting, string secretNameVariable, string secretName)
    {
        var value = template.AppSettings[setting];

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', ", value, StringComparison.Ordinal);
        Assert.Contains($"variables('{secretNameVariable}')", value, StringComparison.Ordinal);
        Assert.Equal(secretName, template.Root.At("variables", secretNameVariable).GetString());
    }

    [Fact]
    public void Application_insights_telemetry_authenticates_with_entra()
    {
        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, if(not(empty(parameters('resourceGroupName'))), parameters('resourceGroupName'), format('{0}{1}', variables('abbrs').resourcesResourceGroups, parameters('environmentName')))), 'Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.clientId.value)]",
            template.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.True(template.Single("Microsoft.Insights/components").Properties().GetProperty("DisableLocalAuth").GetBoolean());
    }

    [Theory]
    [InlineData("Reminders__Transport", "ServiceBus")]
    [InlineData("Portal__TimeZone", "[parameters('portalTimeZone')]")]
    [InlineData("Portal__DefaultReplyWindowDays", "[parameters('defaultReplyWindowDays')]")]
    [InlineData("Reminders__OffsetsDays", "[parameters('reminderOffsetsDays')]")]
    [InlineData("Reminders__SecretariatLanguage", "[parameters('notificationLanguage')]")]
    public void Portal_rules_are_set_from_the_template(string setting, string expected)
    {
        Assert.Equal(expected, template.AppSettings[setting]);
    }

    [Fact]
    public void Portal_base_url_is_the_static_web_app()
    {
        var value = template.AppSettings["Portal__PortalBaseUrl"];

        Assert.StartsWith("[format('https://{0}', reference(", value, StringComparison.Ordinal);
        Assert.EndsWith("'Microsoft.Resources/deployments', 'static-web-app'), '2025-04-01').outputs.defaultHostName.value)]", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_site_base_url_is_the_storage_static_website_without_a_trailing_slash_or_the_front_door_endpoint_when_on()
    {
        var value = template.AppSettings["Portal__PublicSiteBaseUrl"];

        Assert.StartsWith("[if(parameters('enableFrontDoor'), format('https://{0}', reference(", value, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'front-door'), '2025-04-01').outputs.endpointHostName.value), format('https://{0}', split(reference(", value, StringComparison.Ordinal);
        Assert.EndsWith("'Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.staticWebsiteEndpoint.value, '/')[2]))]", value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("portalTimeZone", "Europe/Zurich")]
    [InlineData("reminderOffsetsDays", "30,14,7,1")]
    public void Defaults_match_the_design(string parameter, string expected)
    {
        Assert.Equal(expected, template.Root.At("parameters", parameter, "defaultValue").GetString());
    }

    [Fact]
    public void Default_reply_window_is_sixty_days()
    {
        Assert.Equal(60, template.Root.At("parameters", "defaultReplyWindowDays", "defaultValue").GetInt32());
    }
}
