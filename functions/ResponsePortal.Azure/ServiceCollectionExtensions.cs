using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage;
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
using ResponsePortal.Azure.Monitoring;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Intake;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Azure.Reports;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.Publication;

namespace ResponsePortal.Azure;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the portal needs, from configuration: storage clients, adapters, use cases and sign-in.</summary>
    /// <param name="configureStorageClients">
    /// Optional: called with the Table, Blob and Queue clients' options after the fail-fast settings, before the clients
    /// are built; for example to add an <see cref="HttpPipelinePolicy"/> that counts or traces storage requests.
    /// </param>
    public static IServiceCollection AddResponsePortal(this IServiceCollection services, IConfiguration configuration, Action<ClientOptions>? configureStorageClients = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section)).ValidateDataAnnotations()
            .Validate(o => TryFindZone(o.TimeZone), "Portal:TimeZone is not a known time zone id.").ValidateOnStart();

        AddStorageClients(services, configuration, configureStorageClients);
        services.AddPortalTelemetry(configuration);
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
        services.AddReports(configuration);

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
    /// Storage comes from the connection the Functions host uses, <c>AzureWebJobsStorage</c>: a connection string locally
    /// (Azurite), or identity-based in Azure. The service URIs come from configuration (Bicep sets them from the
    /// account's <c>primaryEndpoints</c>), never from a DNS suffix built here, so any Azure cloud works.
    /// </summary>
    private static void AddStorageClients(IServiceCollection services, IConfiguration configuration, Action<ClientOptions>? configure)
    {
        var connection = configuration.GetSection(StorageConnection.Name);
        var failFast = FailFast(configuration);
        var tableOptions = failFast.Apply(new TableClientOptions(), failFast.NetworkTimeout);
        var blobOptions = failFast.Apply(new BlobClientOptions(), failFast.BlobNetworkTimeout);
        var queueOptions = failFast.Apply(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, failFast.NetworkTimeout);
        configure?.Invoke(tableOptions);
        configure?.Invoke(blobOptions);
        configure?.Invoke(queueOptions);
        if (!string.IsNullOrEmpty(connection.Value))
        {
            services.AddSingleton(new TableServiceClient(connection.Value, tableOptions));
            services.AddSingleton(new BlobServiceClient(connection.Value, blobOptions));
            services.AddSingleton(new QueueServiceClient(connection.Value, queueOptions));
            return;
        }
        var storage = StorageConnection.From(connection);
        if (storage.SharedKey is { } key)
        {
            services.AddSingleton(new TableServiceClient(storage.TableServiceUri, new TableSharedKeyCredential(key.AccountName, key.AccountKey), tableOptions));
            services.AddSingleton(new BlobServiceClient(storage.BlobServiceUri, new StorageSharedKeyCredential(key.AccountName, key.AccountKey), blobOptions));
            services.AddSingleton(new QueueServiceClient(storage.QueueServiceUri, new StorageSharedKeyCredential(key.AccountName, key.AccountKey), queueOptions));
            return;
        }
        var credential = Credential(storage.ManagedIdentityClientId);
        services.AddSingleton(new TableServiceClient(storage.TableServiceUri, credential, tableOptions));
        services.AddSingleton(new BlobServiceClient(storage.BlobServiceUri, credential, blobOptions));
        services.AddSingleton(new QueueServiceClient(storage.QueueServiceUri, credential, queueOptions));
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
