using Microsoft.Azure.Functions.Worker.Builder;
using ResponsePortal.Azure;

namespace ResponsePortal.Functions;

public static class PortalFunctionsApp
{
    /// <summary>The deployed app's whole composition: Program.cs runs it, and the production-composition test builds it.</summary>
    public static FunctionsApplicationBuilder ConfigurePortal(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddResponsePortal(builder.Configuration);
        return builder;
    }
}
