using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

public sealed class RemindersRegistrationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddResponsePortal(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_service_bus_no_service_bus_client_is_registered()
    {
        using var services = Build();

        Assert.IsType<StorageQueueReminderTransport>(services.GetRequiredService<IReminderTransport>());
        Assert.Null(services.GetService<ServiceBusClient>());
        Assert.Null(services.GetService<ServiceBusSender>());
    }

    [Fact]
    public async Task With_service_bus_the_reminders_travel_through_a_sender_and_a_peek_lock_receiver_on_the_queue()
    {
        await using var services = Build(("Reminders:Transport", "ServiceBus"), ("ServiceBus:fullyQualifiedNamespace", "sb-test.servicebus.windows.net"), ("ServiceBus:clientId", "00000000-0000-0000-0000-000000000001"));

        Assert.IsType<ServiceBusReminderTransport>(services.GetRequiredService<IReminderTransport>());
        Assert.Equal("reminders", services.GetRequiredService<ServiceBusSender>().EntityPath);
        var receiver = services.GetRequiredService<ServiceBusReceiver>();
        Assert.Equal(ServiceBusReceiveMode.PeekLock, receiver.ReceiveMode);
        Assert.Equal("sb-test.servicebus.windows.net", receiver.FullyQualifiedNamespace);
    }

    [Fact]
    public void Service_bus_without_a_namespace_fails_at_start_up_saying_which_setting_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(("Reminders:Transport", "ServiceBus")));

        Assert.Contains("ServiceBus__fullyQualifiedNamespace", error.Message);
    }
}
