using Xunit;

namespace ResponsePortal.Infra.Tests;

public class StaticWebAppTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    [Fact]
    public void Static_web_app_is_standard_so_it_can_link_a_functions_backend()
    {
        var module = CompiledTemplate.TemplateOf(template.Module("static-web-app"));

        Assert.Equal("Standard", module.At("parameters", "skuName", "defaultValue").GetString());
        Assert.Equal("[parameters('skuName')]", template.Single("Microsoft.Web/staticSites").At("sku", "name").GetString());
    }

    [Fact]
    public void Linked_backend_points_at_the_function_app_when_switched_on()
    {
        var module = template.Module("static-web-app-backend");
        var link = template.Single("Microsoft.Web/staticSites/linkedBackends");

        Assert.Equal("[parameters('linkApiToStaticWebApp')]", module.GetProperty("condition").GetString());
        Assert.EndsWith("'function-app'), '2025-04-01').outputs.resourceId.value]", CompiledTemplate.ParameterPassedTo(module, "backendResourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal("[parameters('backendResourceId')]", link.Properties().GetProperty("backendResourceId").GetString());
    }
}
