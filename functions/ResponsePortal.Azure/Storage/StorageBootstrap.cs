using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ResponsePortal.Azure.Storage;

/// <summary>Tables, containers and queues one feature needs; each feature registers its own.</summary>
public sealed record StorageResources(string[] Tables, string[] Containers, string[] Queues);

/// <summary>Creates the storage every feature declared. In Azure the Bicep templates do this; locally the DevHost and tests call it.</summary>
public sealed class StorageBootstrap(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, IEnumerable<StorageResources> resources)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var all = resources.ToList();
        foreach (var table in all.SelectMany(r => r.Tables).Distinct())
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
        foreach (var container in all.SelectMany(r => r.Containers).Distinct())
        {
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        foreach (var queue in all.SelectMany(r => r.Queues).Distinct())
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
