using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Azure.Publication;

public static class PublicationRegistration
{
    /// <summary>The publication feature's options, adapters, use cases and storage.</summary>
    public static IServiceCollection AddPublication(this IServiceCollection services, IConfiguration configuration)
    {
        // The replies feature owns these; the fallbacks let publication run (and be tested) on its own.
        services.TryAddSingleton<IReplyReader, NoReplies>();
        services.TryAddSingleton<IReplyFileStore>(sp => new BlobReplyFileStore(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(PublicationStorageNames.RepliesContainer)));

        services.AddOptions<PublicationOptions>().Bind(configuration.GetSection(PublicationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ISiteOutput>(sp => new BlobSiteOutput(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(PublicationStorageNames.WebContainer)));
        services.AddSingleton<IPublicationFileSource, StoredPublicationFiles>();
        services.AddSingleton(sp =>
        {
            var portal = sp.GetRequiredService<IOptions<PortalOptions>>().Value;
            return new SiteBuilder(sp.GetRequiredService<ISiteOutput>(), sp.GetRequiredService<IPublicationFileSource>(),
                new SiteSettings { BaseUrl = portal.PublicSiteBaseUrl, StorageConcurrency = sp.GetRequiredService<IOptions<PublicationOptions>>().Value.StorageConcurrency },
                portal.SecretariatTimeZone(), sp.GetRequiredService<IPublicationSigner>());
        });
        services.AddSingleton<IPublicationLog, TablePublicationLog>();
        // The receipts' key signs the log's head too (docs/adr/0304-publication-log-covers-every-file.md).
        services.AddSingleton<IPublicationSigner>(sp => new ReceiptKeyPublicationSigner(sp.GetRequiredService<ReceiptSigner>()));
        services.AddSingleton<IPublisherLock>(sp => new BlobLeasePublisherLock(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(PublicationStorageNames.LocksContainer), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPublicationFailures, TablePublicationFailures>();
        services.AddSingleton<PublicationService>();
        services.AddSingleton<PublicationLogVerifier>();
        services.AddSingleton(new StorageResources(
            [PublicationStorageNames.PublicationLogTable, PublicationStorageNames.PublicationFailuresTable],
            [PublicationStorageNames.WebContainer, PublicationStorageNames.RepliesContainer, PublicationStorageNames.LocksContainer],
            []));
        return services;
    }
}
