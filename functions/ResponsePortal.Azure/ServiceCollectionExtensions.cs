using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResponsePortal.Azure;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddResponsePortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
