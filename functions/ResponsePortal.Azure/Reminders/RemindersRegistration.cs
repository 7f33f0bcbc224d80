using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

public static class RemindersRegistration
{
    /// <summary>The reminders feature's options, adapters, use cases and storage.</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        var reminderOptions = configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>() ?? new ReminderOptions();
        services.AddSingleton(new StorageResources(ReminderStorage.Tables, [],
            reminderOptions.Transport == ReminderTransportKind.StorageQueue ? [reminderOptions.QueueName, ReminderStorage.PoisonQueue(reminderOptions.QueueName)] : []));

        services.AddSingleton<IDueIndex, TableDueIndex>();
        services.AddSingleton<ISweepCheckpoint, TableSweepCheckpoint>();
        services.AddSingleton<IReminderLog, TableReminderLog>();
        services.AddSingleton<INoticeBoard, TableNoticeBoard>();
        services.AddSingleton<IReminderMailer, SmtpReminderMailer>();
        services.AddSingleton<ICalendarFeeds, TableCalendarFeeds>();

        if (reminderOptions.Transport == ReminderTransportKind.ServiceBus)
        {
            AddServiceBus(services, configuration, reminderOptions.QueueName);
            services.AddSingleton<IReminderTransport, ServiceBusReminderTransport>();
        }
        else
        {
            services.AddSingleton<IReminderTransport>(sp => new StorageQueueReminderTransport(sp.GetRequiredService<QueueServiceClient>(), sp.GetRequiredService<IOptions<ReminderOptions>>().Value.QueueName));
        }

        services.AddSingleton<DueIndexBackfill>();
        services.AddSingleton<ICommunicationRegistered>(sp => sp.GetRequiredService<DueIndexBackfill>());
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<ClosureRecords>();
        services.AddSingleton<Notifications>();
        services.AddSingleton<ReminderDelivery>();
        services.AddSingleton<ReminderDesk>();
        services.AddSingleton<DeadlineMonitor>();
        services.AddSingleton<ClosingCalendar>();
        return services;
    }

    /// <summary>Only when reminders travel by Service Bus: a client with the managed identity (no keys), one sender and one peek-lock receiver.</summary>
    private static void AddServiceBus(IServiceCollection services, IConfiguration configuration, string queueName)
    {
        var fullyQualifiedNamespace = configuration["ServiceBus:fullyQualifiedNamespace"];
        if (string.IsNullOrEmpty(fullyQualifiedNamespace) || fullyQualifiedNamespace.StartsWith('<'))
        {
            throw new InvalidOperationException("Reminders:Transport is ServiceBus but ServiceBus__fullyQualifiedNamespace is not set (for example \"sb-xyz.servicebus.windows.net\").");
        }
        services.AddSingleton(_ => new ServiceBusClient(fullyQualifiedNamespace, ServiceCollectionExtensions.Credential(configuration["ServiceBus:clientId"]), ServiceCollectionExtensions.FailFast(configuration).ServiceBus()));
        services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(queueName));
        services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateReceiver(queueName, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock }));
    }
}
