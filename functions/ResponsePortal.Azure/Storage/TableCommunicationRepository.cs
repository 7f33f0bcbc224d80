using Azure;
using Azure.Data.Tables;
using ResponsePortal.Communications;

namespace ResponsePortal.Azure.Storage;

public sealed class TableCommunicationRepository(TableServiceClient tables) : ICommunicationRepository
{
    private readonly TableClient _communications = tables.GetTableClient(StorageNames.CommunicationsTable);
    private readonly TableClient _slugs = tables.GetTableClient(StorageNames.CommunicationSlugsTable);
    private readonly TableClient _deadlines = tables.GetTableClient(StorageNames.DeadlinesTable);

    public async Task<bool> TryAddAsync(Communication communication, CancellationToken cancellationToken)
    {
        // The slug claim makes a reference unique across addressees. The deadline index goes in before the
        // record, so a communication can never exist without the sweep knowing its deadline; an index entry
        // without a record (after a crash) is ignored by readers.
        if (!await _slugs.TryAddAsync(new SlugClaimEntity(communication.Slug, communication.AddresseeId), cancellationToken))
        {
            return false;
        }
        try
        {
            await _deadlines.UpsertEntityAsync(new DeadlineEntity(communication.Window.ClosesAt, communication.Slug, communication.AddresseeId), TableUpdateMode.Replace, cancellationToken);
            var entity = EntityMapping.ToEntity(communication);
            var response = await _communications.AddEntityAsync(entity, cancellationToken);
            communication.ConcurrencyToken = response.Headers.ETag?.ToString();
            return true;
        }
        catch
        {
            await _deadlines.TryDeleteAsync(StorageKeys.Deadline(communication.Window.ClosesAt, communication.Slug), CancellationToken.None);
            await _slugs.TryDeleteAsync(StorageKeys.CommunicationSlug(communication.Slug), CancellationToken.None);
            throw;
        }
    }

    public async Task<Communication?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var claim = await _slugs.FindAsync<SlugClaimEntity>(StorageKeys.CommunicationSlug(slug), cancellationToken);
        return claim is null ? null : await FindForAddresseeAsync(claim.AddresseeId, slug, cancellationToken);
    }

    public async Task<Communication?> FindForAddresseeAsync(string addresseeId, string slug, CancellationToken cancellationToken)
    {
        var entity = await _communications.FindAsync<CommunicationEntity>(StorageKeys.Communication(addresseeId, slug), cancellationToken);
        return entity is null ? null : EntityMapping.ToDomain(entity);
    }

    public async Task<IReadOnlyList<Communication>> ListForAddresseeAsync(string addresseeId, CancellationToken cancellationToken)
        => (await _communications.ListAsync<CommunicationEntity>(TableExtensions.PartitionFilter(addresseeId), cancellationToken)).Select(EntityMapping.ToDomain).ToList();

    public async Task<IReadOnlyList<Communication>> ListAllAsync(CancellationToken cancellationToken)
        => (await _communications.ListAsync<CommunicationEntity>("", cancellationToken)).Select(EntityMapping.ToDomain).ToList();

    public async Task<IReadOnlyList<DeadlineEntry>> ListClosingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // One key-range query: partitions are dates, so only the days in the range are read.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {StorageKeys.DeadlineDay(from)} and PartitionKey le {StorageKeys.DeadlineDay(to)}");
        var entries = await _deadlines.ListAsync<DeadlineEntity>(filter, cancellationToken);
        return entries
            .Where(e => e.ClosesAt >= from && e.ClosesAt < to)
            .Select(e => new DeadlineEntry(e.ClosesAt, e.RowKey, e.AddresseeId))
            .OrderBy(e => e.ClosesAt).ThenBy(e => e.Slug, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<bool> TryUpdateAsync(Communication communication, CancellationToken cancellationToken)
    {
        var entity = EntityMapping.ToEntity(communication);
        try
        {
            var response = await _communications.UpdateEntityAsync(entity, entity.ETag == default ? ETag.All : entity.ETag, TableUpdateMode.Replace, cancellationToken);
            communication.ConcurrencyToken = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
