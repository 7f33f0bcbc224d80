using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.DevHost.Hosting;

namespace ResponsePortal.Integration.Tests.Hosting;

public sealed class FunctionsMetadataTests
{
    [Fact]
    public void Functions_metadata_lists_every_function_of_the_project()
    {
        var inMetadata = FunctionsMetadata.Read().EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order().ToList();
        var inCode = FunctionCatalog.All.Select(f => f.Name).Order().ToList();

        Assert.Equal(inCode, inMetadata);
    }

    [Fact]
    public void Every_http_function_authorizes_its_caller_in_code_except_the_public_ones()
    {
        // The host-level auth level stays Anonymous because sign-in is Entra bearer tokens, checked by CallerResolver;
        // only these routes may answer without a token.
        string[] anonymousByDesign = ["health", "receipts/public-key"];
        foreach (var function in FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Http))
        {
            if (anonymousByDesign.Contains(function.Http.Route) || function.Http.Route!.StartsWith("calendar/", StringComparison.Ordinal))
            {
                continue;
            }
            var usesResolver = function.FunctionClass.GetConstructors().Single().GetParameters()
                .Any(p => p.ParameterType == typeof(ResponsePortal.Azure.Identity.CallerResolver));
            Assert.True(usesResolver, $"{function.Name} ({function.Http.Route}) does not take a CallerResolver, so it cannot say who may call it.");
        }
    }

    [Fact]
    public void Function_names_match_their_methods()
    {
        foreach (var function in FunctionCatalog.All)
        {
            Assert.Equal(function.Method.Name, function.Method.GetCustomAttribute<FunctionAttribute>()!.Name);
        }
    }
}
