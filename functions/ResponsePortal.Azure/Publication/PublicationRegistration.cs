using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResponsePortal.Azure.Publication;

public static class PublicationRegistration
{
    /// <summary>The publication feature's options, adapters, use cases and storage.</summary>
    public static IServiceCollection AddPublication(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
