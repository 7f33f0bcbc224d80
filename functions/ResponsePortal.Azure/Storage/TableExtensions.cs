using Azure;
using Azure.Data.Tables;

namespace ResponsePortal.Azure.Storage;

internal static class TableExtensions
{
    public static async Task<T?> FindAsync<T>(this TableClient table, (string PartitionKey, string RowKey) key, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        // An id from a URL or a body that cannot be a key ("../USA", "a#b", 1 MB of text) names nothing: the
        // service would answer 400, which is the caller's mistake and not a storage failure.
        if (!CanBeKey(key))
        {
            return null;
        }
        var response = await table.GetEntityIfExistsAsync<T>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts; false when an entity with the same keys already exists.</summary>
    public static async Task<bool> TryAddAsync<T>(this TableClient table, T entity, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public static async Task<bool> TryDeleteAsync(this TableClient table, (string PartitionKey, string RowKey) key, CancellationToken cancellationToken)
    {
        if (!CanBeKey(key))
        {
            return false;
        }
        try
        {
            await table.DeleteEntityAsync(key.PartitionKey, key.RowKey, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public static async Task<List<T>> ListAsync<T>(this TableClient table, string filter, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var list = new List<T>();
        await foreach (var entity in table.QueryAsync<T>(filter, cancellationToken: cancellationToken))
        {
            list.Add(entity);
        }
        return list;
    }

    private static bool CanBeKey((string PartitionKey, string RowKey) key)
        => ResponsePortal.Common.StorageIds.CanBeKey(key.PartitionKey) && ResponsePortal.Common.StorageIds.CanBeKey(key.RowKey);

    public static string PartitionFilter(string partitionKey) => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
}
