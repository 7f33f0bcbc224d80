using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

public class FunctionAppTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private JsonElement Site => template.Single("Microsoft.Web/sites");

    [Fact]
    public void Plan_is_flex_consumption()
    {
        var plan = template.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.At("sku", "name").GetString());
        Assert.Equal("FlexConsumption", plan.At("sku", "tier").GetString());
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10()
    {
        var runtime = Site.Properties().At("functionAppConfig", "runtime");

        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
    }

    [Fact]
    public void Function_app_is_https_only_with_tls_1_2_and_no_ftp()
    {
        var properties = Site.Properties();

        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", properties.At("siteConfig", "minTlsVersion").GetString());
        Assert.Equal("Disabled", properties.At("siteConfig", "ftpsState").GetString());
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity_for_key_vault_and_deployments()
    {
        var properties = Site.Properties();
        var deploymentAuthentication = properties.At("functionAppConfig", "deployment", "storage", "authentication");

        Assert.Equal("UserAssigned", Site.At("identity", "type").GetString());
        Assert.Equal("[parameters('identityResourceId')]", properties.GetProperty("keyVaultReferenceIdentity").GetString());
        Assert.Equal("UserAssignedIdentity", deploymentAuthentication.GetProperty("type").GetString());
        Assert.Equal("[parameters('identityResourceId')]", deploymentAuthentication.GetProperty("userAssignedIdentityResourceId").GetString());
    }

    [Fact]
    public void Basic_publishing_credentials_are_off()
    {
        var policies = template.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Properties().GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void Only_the_portal_origin_may_call_the_api_from_a_browser()
    {
        var origins = CompiledTemplate.ParameterPassedTo(template.Module("function-app"), "allowedOrigins");

        Assert.Equal(template.AppSettings["Portal__PortalBaseUrl"], Assert.Single(origins.EnumerateArray()).GetString());
    }
}
