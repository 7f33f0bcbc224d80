using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Infra.Tests;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>
/// Azurite provisioned the way Azure is: exactly the tables, containers and queues of the compiled main.bicep,
/// plus <c>$web</c>, which the postprovision hook switches on. Nothing else, so the app finds what Azure would give it.
/// </summary>
internal static class ProvisionedStorage
{
    public static DeclaredStorage Template => DeclaredStorage.Of(CompiledTemplate.ForMain);

    public static async Task ProvisionAsync(LocalAzurite azurite)
    {
        var (tables, blobs, queues) = Clients(azurite);
        var declared = Template;
        foreach (var table in declared.Tables)
        {
            await tables.CreateTableAsync(table);
        }
        foreach (var container in declared.Containers.Append(DeclaredStorage.StaticWebsiteContainer))
        {
            await blobs.CreateBlobContainerAsync(container);
        }
        foreach (var queue in declared.Queues)
        {
            await queues.CreateQueueAsync(queue);
        }
    }

    /// <summary>What the account holds now: tables, containers and queues, each sorted.</summary>
    public static async Task<(List<string> Tables, List<string> Containers, List<string> Queues)> ListAsync(LocalAzurite azurite)
    {
        var (tables, blobs, queues) = Clients(azurite);
        var tableNames = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            tableNames.Add(table.Name);
        }
        var containerNames = new List<string>();
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            containerNames.Add(container.Name);
        }
        var queueNames = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync())
        {
            queueNames.Add(queue.Name);
        }
        return (tableNames.Order(StringComparer.Ordinal).ToList(), containerNames.Order(StringComparer.Ordinal).ToList(), queueNames.Order(StringComparer.Ordinal).ToList());
    }

    private static (TableServiceClient, BlobServiceClient, QueueServiceClient) Clients(LocalAzurite azurite)
        => (new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), new QueueServiceClient(azurite.ConnectionString));
}
