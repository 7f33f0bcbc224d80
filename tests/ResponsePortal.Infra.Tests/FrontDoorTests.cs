using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

/// <summary>The optional Front Door in front of the public site (infra/modules/front-door.bicep, docs/security-headers.md).</summary>
public class FrontDoorTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private JsonElement Module => template.Module("front-door");

    private IReadOnlyList<JsonElement> Rules => CompiledTemplate.Resources(CompiledTemplate.TemplateOf(Module), "Microsoft.Cdn/profiles/ruleSets/rules");

    private static Dictionary<string, string> SiteHeaders()
        => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Repository.Path("infra", "site-headers.json")))!;

    [Fact]
    public void Front_door_is_off_unless_asked_for()
    {
        Assert.False(template.Root.At("parameters", "enableFrontDoor", "defaultValue").GetBoolean());
        Assert.Equal("[parameters('enableFrontDoor')]", Module.GetProperty("condition").GetString());
        using var parameters = JsonDocument.Parse(File.ReadAllText(Repository.Path("infra", "main.parameters.json")));
        Assert.Equal("${ENABLE_FRONT_DOOR=false}", parameters.RootElement.At("parameters", "enableFrontDoor", "value").GetString());
        Assert.Equal("Standard_AzureFrontDoor", CompiledTemplate.Resources(CompiledTemplate.TemplateOf(Module), "Microsoft.Cdn/profiles").Single().At("sku", "name").GetString());
    }

    [Fact]
    public void Every_header_of_site_headers_json_is_written_over_whatever_the_origin_sent()
    {
        var module = CompiledTemplate.TemplateOf(Module);
        var headerRule = Rules.Single(r => r.TryGetProperty("copy", out _));
        var action = Assert.Single(headerRule.Properties().GetProperty("actions").EnumerateArray());

        // The rule set loops over site-headers.json as compiled in: the same file the DevHost serves the site with.
        Assert.Equal("[variables('$fxv#0')]", module.At("variables", "siteHeaders").GetString());
        var compiled = module.At("variables", "$fxv#0").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(SiteHeaders(), compiled);
        Assert.Equal("[length(items(variables('siteHeaders')))]", headerRule.At("copy", "count").GetString());
        Assert.Equal(0, headerRule.Properties().GetProperty("conditions").GetArrayLength());
        Assert.Equal("ModifyResponseHeader", action.GetProperty("name").GetString());
        Assert.Equal("Overwrite", action.At("parameters", "headerAction").GetString());
        Assert.Equal("[items(variables('siteHeaders'))[copyIndex()].key]", action.At("parameters", "headerName").GetString());
        Assert.Equal("[items(variables('siteHeaders'))[copyIndex()].value]", action.At("parameters", "value").GetString());
    }

    [Fact]
    public void Site_headers_are_the_ones_a_security_review_expects()
    {
        var headers = SiteHeaders();

        Assert.StartsWith("max-age=31536000", headers["Strict-Transport-Security"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("camera=()", headers["Permissions-Policy"], StringComparison.Ordinal);
    }

    [Fact]
    public void Caching_honours_the_cache_control_of_each_blob_and_ignores_query_strings()
    {
        var caching = Rules.Single(r => r.GetProperty("name").GetString()!.Contains("'HonourOriginCaching'", StringComparison.Ordinal));
        var action = Assert.Single(caching.Properties().GetProperty("actions").EnumerateArray());

        Assert.Equal("RouteConfigurationOverride", action.GetProperty("name").GetString());
        Assert.Equal("HonorOrigin", action.At("parameters", "cacheConfiguration", "cacheBehavior").GetString());
        Assert.Equal("IgnoreQueryString", action.At("parameters", "cacheConfiguration", "queryStringCachingBehavior").GetString());
    }

    [Fact]
    public void The_route_serves_https_only_from_the_static_website_with_the_rule_set()
    {
        var module = CompiledTemplate.TemplateOf(Module);
        var route = CompiledTemplate.Resources(module, "Microsoft.Cdn/profiles/afdEndpoints/routes").Single().Properties();
        var origin = CompiledTemplate.Resources(module, "Microsoft.Cdn/profiles/originGroups/origins").Single().Properties();

        Assert.Equal("Enabled", route.GetProperty("httpsRedirect").GetString());
        Assert.Equal("HttpsOnly", route.GetProperty("forwardingProtocol").GetString());
        Assert.Equal(1, route.GetProperty("ruleSets").GetArrayLength());
        Assert.Equal("[parameters('originHostName')]", origin.GetProperty("hostName").GetString());
        Assert.Equal("[parameters('originHostName')]", origin.GetProperty("originHostHeader").GetString());
        Assert.True(origin.GetProperty("enforceCertificateNameCheck").GetBoolean());
        Assert.Contains("outputs.staticWebsiteEndpoint.value, '/')[2]", CompiledTemplate.ParameterPassedTo(Module, "originHostName").GetString(), StringComparison.Ordinal);
    }
}
