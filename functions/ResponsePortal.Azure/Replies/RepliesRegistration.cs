using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Documents;
using ResponsePortal.Replies;

namespace ResponsePortal.Azure.Replies;

public static class RepliesRegistration
{
    /// <summary>The replies feature's options, adapters, use cases and storage.</summary>
    public static IServiceCollection AddReplies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReplyOptions>().Bind(configuration.GetSection(ReplyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReceiptOptions>().Bind(configuration.GetSection(ReceiptOptions.Section)).ValidateDataAnnotations()
            .Validate(o => CanLoad(o.SigningKeyPem), "Receipts:SigningKeyPem is not the PKCS#8 PEM of an ECDSA P-256 private key.").ValidateOnStart();

        services.AddSingleton(sp => new ReceiptSigner(sp.GetRequiredService<IOptions<ReceiptOptions>>().Value.SigningKeyPem));
        services.AddKeyedSingleton<IDocumentStore>(ReplyDocuments.Key,
            (sp, _) => new BlobDocumentStore(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(ReplyStorageNames.RepliesContainer)));
        services.AddSingleton<TableReplyRepository>();
        services.AddSingleton<IReplyRepository>(sp => sp.GetRequiredService<TableReplyRepository>());
        services.AddSingleton<IReplyReader>(sp => sp.GetRequiredService<TableReplyRepository>());
        services.AddSingleton<ReplySubmission>();
        services.AddSingleton<ReplyQueries>();
        services.AddSingleton(ReplyStorageNames.Resources);
        services.AddReplyUploads();
        return services;
    }

    private static bool CanLoad(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return true; // the Required attribute reports this one
        }
        try
        {
            using var signer = new ReceiptSigner(pem);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
