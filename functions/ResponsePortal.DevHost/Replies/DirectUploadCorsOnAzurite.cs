using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ResponsePortal.Azure.Replies;

namespace ResponsePortal.DevHost.Replies;

/// <summary>The DevHost's pages upload straight to the local blob endpoint, like the portal in Azure (ADR 0104): the same CORS rule, for its own origin.</summary>
public static class DirectUploadCorsOnAzurite
{
    public static async Task AllowOriginAsync(BlobServiceClient blobs, string origin, CancellationToken cancellationToken)
    {
        var properties = (await blobs.GetPropertiesAsync(cancellationToken)).Value;
        properties.Cors =
        [
            new BlobCorsRule
            {
                AllowedOrigins = origin,
                AllowedMethods = string.Join(',', DirectUploadCors.AllowedMethods),
                AllowedHeaders = string.Join(',', DirectUploadCors.AllowedHeaders),
                ExposedHeaders = string.Join(',', DirectUploadCors.ExposedHeaders),
                MaxAgeInSeconds = DirectUploadCors.MaxAgeInSeconds,
            },
        ];
        await blobs.SetPropertiesAsync(properties, cancellationToken);
    }
}
