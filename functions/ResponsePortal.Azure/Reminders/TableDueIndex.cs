using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

/// <summary>The due schedule in Table Storage: a sweep's time slice is one row-key range per UTC day it spans.</summary>
public sealed class TableDueIndex(TableServiceClient tables) : IDueIndex
{
    private readonly TableClient _schedule = tables.GetTableClient(ReminderStorage.ScheduleTable);

    public async Task AddAsync(IReadOnlyList<DueItem> items, CancellationToken cancellationToken)
    {
        // Entity group transactions: one partition and at most 100 entities each.
        foreach (var partition in items.Select(ToEntity).GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await _schedule.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }
    }

    public static ScheduleEntity ToEntity(DueItem item)
        => new(item.DueAt, item.Slug, item.Kind) { AddresseeId = item.AddresseeId, ClosesAt = item.ClosesAt };

    public async Task<IReadOnlyList<DueItem>> ListDueAsync(DateTimeOffset from, DateTimeOffset to, ReadStats? stats, CancellationToken cancellationToken)
    {
        var due = new List<DueItem>();
        if (from >= to)
        {
            return due;
        }
        // (from, to]: what fell due after the last sweep, up to and including now. Row keys start with the tick count.
        var lower = ReminderStorage.Ticks(from.AddTicks(1));
        var upper = ReminderStorage.Ticks(to.AddTicks(1));
        for (var day = from.UtcDateTime.Date; day <= to.UtcDateTime.Date; day = day.AddDays(1))
        {
            var partition = ReminderStorage.Day(new DateTimeOffset(day, TimeSpan.Zero));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {lower} and RowKey lt {upper}");
            var entities = await _schedule.ListAsync<ScheduleEntity>(filter, cancellationToken);
            stats?.Count(entities.Count);
            due.AddRange(entities.Select(e => new DueItem(e.DueAt, e.Slug, e.AddresseeId, e.Kind, e.ClosesAt)));
        }
        return due;
    }
}
