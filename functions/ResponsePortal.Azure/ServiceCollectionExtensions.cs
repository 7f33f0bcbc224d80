using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Web;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Intake;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.Publication;

namespace ResponsePortal.Azure;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the portal needs, from configuration: storage clients, adapters, use cases and sign-in.</summary>
    public static IServiceCollection AddResponsePortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section)).ValidateDataAnnotations()
            .Validate(o => TryFindZone(o.TimeZone), "Portal:TimeZone is not a known time zone id.").ValidateOnStart();

        AddStorageClients(services, configuration);
        services.AddSingleton<ICommunicationRepository, TableCommunicationRepository>();
        services.AddSingleton<TableCaseRepository>();
        services.AddSingleton<ICaseRepository>(sp => sp.GetRequiredService<TableCaseRepository>());
        services.AddSingleton<IMandateRepository>(sp => sp.GetRequiredService<TableCaseRepository>());
        services.AddSingleton<IAddresseeRepository, TableAddresseeRepository>();
        services.AddSingleton<IEventLog, TableEventLog>();
        services.AddSingleton<IDocumentStore>(sp => new BlobDocumentStore(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.LettersContainer)));
        services.AddSingleton(new StorageResources(StorageNames.Tables, StorageNames.Containers, StorageNames.Queues));
        services.AddSingleton<StorageBootstrap>();

        services.AddSingleton<IIntakePackages, BlobIntakePackages>();
        services.AddSingleton<IntakeProcessor>();
        services.AddSingleton<CommunicationRegistration>();
        services.AddSingleton<CommunicationQueries>();
        services.AddSingleton<AddresseeDirectory>();

        services.AddSingleton<IPublishQueue, StoragePublishQueue>();

        // Each feature registers its own adapters, use cases and storage (one file per feature).
        services.AddReplies(configuration);
        services.AddReminders(configuration);
        services.AddPublication(configuration);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(configuration, "AzureAd", JwtBearerDefaults.AuthenticationScheme);
        services.AddSingleton<CallerResolver>();
        return services;
    }

    private static bool TryFindZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Storage comes from the same setting the Functions host uses: a connection string locally (Azurite), or
    /// <c>AzureWebJobsStorage__accountName</c> with a managed identity in Azure (no keys).
    /// </summary>
    private static void AddStorageClients(IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration["AzureWebJobsStorage"];
        var accountName = configuration["AzureWebJobsStorage:accountName"];
        var failFast = FailFast(configuration);
        var tableOptions = failFast.Apply(new TableClientOptions(), failFast.NetworkTimeout);
        var blobOptions = failFast.Apply(new BlobClientOptions(), failFast.BlobNetworkTimeout);
        var queueOptions = failFast.Apply(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, failFast.NetworkTimeout);
        if (!string.IsNullOrEmpty(connectionString))
        {
            services.AddSingleton(new TableServiceClient(connectionString, tableOptions));
            services.AddSingleton(new BlobServiceClient(connectionString, blobOptions));
            services.AddSingleton(new QueueServiceClient(connectionString, queueOptions));
            return;
        }
        if (string.IsNullOrEmpty(accountName))
        {
            throw new InvalidOperationException("Storage is not configured: set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName with a managed identity.");
        }
        var credential = Credential(configuration["AzureWebJobsStorage:clientId"]);
        services.AddSingleton(new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), credential, tableOptions));
        services.AddSingleton(new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), credential, blobOptions));
        services.AddSingleton(new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential, queueOptions));
    }

    /// <summary>The retry settings every Azure SDK client of the portal uses (validated here: they are read before the container is built).</summary>
    public static FailFastOptions FailFast(IConfiguration configuration)
    {
        var options = configuration.GetSection(FailFastOptions.Section).Get<FailFastOptions>() ?? new FailFastOptions();
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), validateAllProperties: true);
        return options;
    }

    public static TokenCredential Credential(string? managedIdentityClientId)
        => string.IsNullOrEmpty(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));
}
