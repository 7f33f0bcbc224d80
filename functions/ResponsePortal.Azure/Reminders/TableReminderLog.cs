using Azure;
using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

/// <summary>The reminder log; inserting a row is the claim, so the table's uniqueness of keys decides between concurrent sweeps.</summary>
public sealed class TableReminderLog(TableServiceClient tables) : IReminderLog
{
    private readonly TableClient _log = tables.GetTableClient(ReminderStorage.LogTable);

    public Task<bool> TryClaimAsync(ReminderRecord record, CancellationToken cancellationToken)
        => _log.TryAddAsync(ToEntity(record), cancellationToken);

    public async Task<ReminderRecord?> FindAsync(string slug, string kind, CancellationToken cancellationToken)
        => await _log.FindAsync<ReminderLogEntity>(ReminderStorage.Log(slug, kind), cancellationToken) is { } entity ? ToDomain(entity) : null;

    public async Task<bool> TryUpdateAsync(ReminderRecord record, CancellationToken cancellationToken)
    {
        var entity = ToEntity(record);
        try
        {
            await _log.UpdateEntityAsync(entity, record.ConcurrencyToken is { } etag ? new ETag(etag) : ETag.All, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public Task ReleaseAsync(string slug, string kind, CancellationToken cancellationToken)
        => _log.TryDeleteAsync(ReminderStorage.Log(slug, kind), cancellationToken);

    public async Task<IReadOnlyList<ReminderRecord>> ListAsync(string? slug, CancellationToken cancellationToken)
        => (await _log.ListAsync<ReminderLogEntity>(slug is null ? "" : TableExtensions.PartitionFilter(slug), cancellationToken))
            .Select(ToDomain).OrderBy(r => r.DueAt).ThenBy(r => r.Slug, StringComparer.Ordinal).ToList();

    private static ReminderLogEntity ToEntity(ReminderRecord r) => new(r.Slug, r.Kind)
    {
        AddresseeId = r.AddresseeId,
        State = r.State.ToString(),
        DueAt = r.DueAt,
        ClosesAt = r.ClosesAt,
        ClaimedAt = r.ClaimedAt,
        UpdatedAt = r.UpdatedAt,
        Attempts = r.Attempts,
        Reason = r.Reason,
        Resends = r.Resends,
    };

    private static ReminderRecord ToDomain(ReminderLogEntity e)
        => new(e.PartitionKey, e.RowKey, e.AddresseeId, Enum.Parse<ReminderState>(e.State), e.DueAt, e.ClosesAt, e.ClaimedAt, e.UpdatedAt, e.Attempts, e.Reason, e.Resends)
        {
            ConcurrencyToken = e.ETag.ToString(),
        };
}
