using Azure;
using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

public sealed class TableSweepCheckpoint(TableServiceClient tables) : ISweepCheckpoint
{
    public const string DeadlineSweep = "deadline-sweep";

    private readonly TableClient _checkpoints = tables.GetTableClient(ReminderStorage.CheckpointsTable);

    public async Task<DateTimeOffset?> ReadAsync(CancellationToken cancellationToken)
        => (await _checkpoints.FindAsync<CheckpointEntity>(ReminderStorage.Checkpoint(DeadlineSweep), cancellationToken))?.SweptUntil;

    public async Task AdvanceAsync(DateTimeOffset sweptUntil, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await _checkpoints.FindAsync<CheckpointEntity>(ReminderStorage.Checkpoint(DeadlineSweep), cancellationToken);
            if (current is null)
            {
                if (await _checkpoints.TryAddAsync(new CheckpointEntity(DeadlineSweep) { SweptUntil = sweptUntil }, cancellationToken))
                {
                    return;
                }
                continue;
            }
            if (current.SweptUntil >= sweptUntil)
            {
                return;
            }
            current.SweptUntil = sweptUntil;
            try
            {
                await _checkpoints.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Another sweep moved it meanwhile: read again and only ever move forward.
            }
        }
    }
}
