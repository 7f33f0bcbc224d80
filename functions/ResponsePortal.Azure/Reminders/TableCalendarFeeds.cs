using Azure;
using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

public sealed class TableCalendarFeeds(TableServiceClient tables) : ICalendarFeeds
{
    private readonly TableClient _feeds = tables.GetTableClient(ReminderStorage.CalendarFeedsTable);

    public Task AddAsync(CalendarFeed feed, CancellationToken cancellationToken)
        => _feeds.AddEntityAsync(new CalendarFeedEntity(feed.Id) { Scope = feed.Scope, CreatedBy = feed.CreatedBy, CreatedAt = feed.CreatedAt }, cancellationToken);

    public async Task<CalendarFeed?> FindAsync(string id, CancellationToken cancellationToken)
        => await _feeds.FindAsync<CalendarFeedEntity>(ReminderStorage.CalendarFeed(id), cancellationToken) is { } e
            ? new CalendarFeed(e.PartitionKey, e.Scope, e.CreatedBy, e.CreatedAt, e.RevokedAt)
            : null;

    public async Task<bool> TryRevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entity = await _feeds.FindAsync<CalendarFeedEntity>(ReminderStorage.CalendarFeed(id), cancellationToken);
        if (entity is null || entity.RevokedAt is not null)
        {
            return false;
        }
        entity.RevokedAt = at;
        try
        {
            await _feeds.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }
}
