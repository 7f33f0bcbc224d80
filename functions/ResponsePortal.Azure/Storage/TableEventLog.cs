using Azure.Data.Tables;
using ResponsePortal.Audit;

namespace ResponsePortal.Azure.Storage;

/// <summary>Insert-only: the adapter has no update or delete, so no API can change history.</summary>
public sealed class TableEventLog(TableServiceClient tables) : IEventLog
{
    private readonly TableClient _events = tables.GetTableClient(StorageNames.EventsTable);

    public Task AppendAsync(CommunicationEvent communicationEvent, CancellationToken cancellationToken)
        => _events.AddEntityAsync(EntityMapping.ToEntity(communicationEvent, Guid.NewGuid()), cancellationToken);

    public Task<bool> AppendOnceAsync(CommunicationEvent communicationEvent, Guid eventId, CancellationToken cancellationToken)
        => _events.TryAddAsync(EntityMapping.ToEntity(communicationEvent, eventId), cancellationToken);

    public async Task<IReadOnlyList<CommunicationEvent>> ListAsync(string slug, CancellationToken cancellationToken)
        => (await _events.ListAsync<EventEntity>(TableExtensions.PartitionFilter(slug), cancellationToken)).Select(EntityMapping.ToDomain).ToList();
}
