using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResponsePortal.Azure;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Functions;

public static class PortalFunctionsApp
{
    /// <summary>The deployed app's whole composition: Program.cs runs it, and the production-composition test builds it.</summary>
    public static FunctionsApplicationBuilder ConfigurePortal(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<SecurityHeadersMiddleware>();
        builder.UseMiddleware<ErrorBoundaryMiddleware>();
        builder.Services.AddResponsePortal(builder.Configuration);
        builder.Services.AddSingleton<ErrorBoundary>();
        return builder;
    }
}
