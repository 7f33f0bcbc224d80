using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResponsePortal.Azure.Reminders;

public static class RemindersRegistration
{
    /// <summary>The reminders feature's options, adapters, use cases and storage.</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
