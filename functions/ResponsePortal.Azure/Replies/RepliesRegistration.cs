using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResponsePortal.Azure.Replies;

public static class RepliesRegistration
{
    /// <summary>The replies feature's options, adapters, use cases and storage.</summary>
    public static IServiceCollection AddReplies(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
