using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Audit;
using ResponsePortal.Communications;
using ResponsePortal.Publication;

namespace ResponsePortal.Reminders;

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(
    DateTimeOffset From,
    DateTimeOffset To,
    int DueItems,
    long EntitiesRead,
    int RemindersEnqueued,
    int ClosuresEnqueued,
    int Skipped,
    int NotNeeded,
    int ClaimedElsewhere);

/// <summary>
/// Reads what fell due since the last checkpoint and decides, per item: send a reminder, hand a closed window to
/// publication, or nothing. Every decision is claimed with a conditional insert first, so two sweeps running at
/// once hand over each reminder and each closure exactly once.
/// </summary>
public sealed class DeadlineSweep(
    IDueIndex index,
    ISweepCheckpoint checkpoint,
    IReminderLog log,
    ICommunicationRepository communications,
    IReminderTransport transport,
    IPublishQueue publishQueue,
    IEventLog events,
    DueIndexBackfill backfill,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    ILogger<DeadlineSweep> logger)
{
    /// <summary>A claim older than this whose sweep never handed it over is taken over by the next sweep.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken, ReadStats? stats = null)
    {
        stats ??= new ReadStats();
        var now = clock.GetUtcNow();
        var from = await checkpoint.ReadAsync(cancellationToken);
        if (from is null)
        {
            // The first sweep ever: communications registered before this feature existed get their schedule now.
            await backfill.RunAsync(cancellationToken);
            from = now.AddDays(-options.Value.FirstSweepLookbackDays);
        }
        if (from >= now)
        {
            return new SweepResult(from.Value, now, 0, 0, 0, 0, 0, 0, 0);
        }

        var due = await index.ListDueAsync(from.Value, now, stats, cancellationToken);
        var tally = new Tally();
        foreach (var group in due.GroupBy(d => (d.Slug, d.AddresseeId)))
        {
            await DecideAsync(group.OrderBy(d => d.DueAt).ToList(), now, tally, cancellationToken);
        }
        await checkpoint.AdvanceAsync(now, cancellationToken);

        var result = new SweepResult(from.Value, now, due.Count, stats.EntitiesRead, tally.Reminders, tally.Closures, tally.Skipped, tally.NotNeeded, tally.ClaimedElsewhere);
        logger.LogInformation("Deadline sweep {From:O} to {To:O}: {Due} due, {Reminders} reminders and {Closures} closures enqueued, {Skipped} skipped, {NotNeeded} not needed, {Elsewhere} claimed by another sweep",
            result.From, result.To, result.DueItems, result.RemindersEnqueued, result.ClosuresEnqueued, result.Skipped, result.NotNeeded, result.ClaimedElsewhere);
        return result;
    }

    private async Task DecideAsync(IReadOnlyList<DueItem> items, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        var reminders = items.Where(i => !i.IsClosure).ToList();
        var closure = items.FirstOrDefault(i => i.IsClosure);
        if (reminders.Count > 0)
        {
            var windowClosed = reminders[0].ClosesAt < now;
            var latest = reminders[^1];
            foreach (var stale in windowClosed ? reminders : reminders.Take(reminders.Count - 1))
            {
                var reason = windowClosed
                    ? "The window had closed when the sweep reached this reminder."
                    : $"The {latest.Kind} reminder was already due when the sweep reached this one.";
                await RecordWithoutSendingAsync(stale, ReminderState.Skipped, reason, ReminderEvents.Skipped, now, tally, cancellationToken);
            }
            if (!windowClosed)
            {
                await RemindAsync(latest, now, tally, cancellationToken);
            }
        }
        if (closure is not null)
        {
            await CloseAsync(closure, now, tally, cancellationToken);
        }
    }

    private async Task RemindAsync(DueItem item, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        var communication = await communications.FindForAddresseeAsync(item.AddresseeId, item.Slug, cancellationToken);
        if (communication is null)
        {
            // An index entry left by a registration that failed half-way: there is nobody to remind.
            logger.LogWarning("Due item {Slug} {Kind} has no communication; ignored", item.Slug, item.Kind);
            return;
        }
        if (communication.FirstReplyAt is not null || communication.PublishedAt is not null)
        {
            await RecordWithoutSendingAsync(item, ReminderState.NotNeeded, "The addressee had already replied.", ReminderEvents.NotNeeded, now, tally, cancellationToken);
            return;
        }
        var record = await ClaimAsync(item, now, cancellationToken);
        if (record is null)
        {
            tally.ClaimedElsewhere++;
            return;
        }
        var message = new ReminderMessage(ReminderMessage.CurrentSchemaVersion, item.Slug, item.AddresseeId, item.Kind, item.DueAt, item.ClosesAt);
        await HandOverAsync(record, () => transport.SendAsync(message, cancellationToken), cancellationToken);
        await AppendAsync(item, ReminderEvents.Enqueued, now, cancellationToken);
        tally.Reminders++;
    }

    private async Task CloseAsync(DueItem item, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        var record = await ClaimAsync(item, now, cancellationToken);
        if (record is null)
        {
            tally.ClaimedElsewhere++;
            return;
        }
        var request = new PublishRequest(PublishRequest.CurrentSchemaVersion, item.Slug, PublishReasons.WindowClosed, now, ReminderEvents.Actor);
        await HandOverAsync(record, () => publishQueue.EnqueueAsync(request, cancellationToken), cancellationToken);
        await AppendAsync(item, ReminderEvents.WindowClosed, now, cancellationToken);
        tally.Closures++;
    }

    /// <summary>Claims the item; null when another sweep holds a live claim or already handed it over.</summary>
    private async Task<ReminderRecord?> ClaimAsync(DueItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = new ReminderRecord(item.Slug, item.Kind, item.AddresseeId, ReminderState.Claimed, item.DueAt, item.ClosesAt, now, null, 0, null, 0);
        if (await log.TryClaimAsync(claim, cancellationToken))
        {
            return claim;
        }
        var existing = await log.FindAsync(item.Slug, item.Kind, cancellationToken);
        if (existing is { State: ReminderState.Claimed } && now - existing.ClaimedAt > ClaimLease)
        {
            // The sweep that claimed it stopped before handing it over: take the claim over, still conditionally.
            var taken = existing with { ClaimedAt = now };
            if (await log.TryUpdateAsync(taken, cancellationToken))
            {
                logger.LogWarning("Took over the abandoned claim of {Slug} {Kind} from {ClaimedAt:O}", item.Slug, item.Kind, existing.ClaimedAt);
                return await log.FindAsync(item.Slug, item.Kind, cancellationToken);
            }
        }
        return null;
    }

    /// <summary>Hands the claimed item over; if that fails the claim is released so the next sweep tries again.</summary>
    private async Task HandOverAsync(ReminderRecord claim, Func<Task> handOver, CancellationToken cancellationToken)
    {
        try
        {
            await handOver();
        }
        catch
        {
            await log.ReleaseAsync(claim.Slug, claim.Kind, CancellationToken.None);
            throw;
        }
        // Only a record still claimed becomes Enqueued: a fast publisher (or delivery) may already have recorded
        // what came of it, and that later state must not be overwritten by this earlier one.
        var current = await log.FindAsync(claim.Slug, claim.Kind, cancellationToken) ?? claim;
        if (current.State == ReminderState.Claimed)
        {
            await log.TryUpdateAsync(current with { State = ReminderState.Enqueued, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        }
    }

    private async Task RecordWithoutSendingAsync(DueItem item, ReminderState state, string reason, string eventKind, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        var record = new ReminderRecord(item.Slug, item.Kind, item.AddresseeId, state, item.DueAt, item.ClosesAt, now, now, 0, reason, 0);
        if (!await log.TryClaimAsync(record, cancellationToken))
        {
            tally.ClaimedElsewhere++;
            return;
        }
        await AppendAsync(item, eventKind, now, cancellationToken, reason);
        if (state == ReminderState.Skipped)
        {
            tally.Skipped++;
        }
        else
        {
            tally.NotNeeded++;
        }
    }

    private Task AppendAsync(DueItem item, string kind, DateTimeOffset now, CancellationToken cancellationToken, string? reason = null)
    {
        var data = new Dictionary<string, string>
        {
            ["kind"] = item.Kind,
            ["dueAt"] = item.DueAt.ToString("O", CultureInfo.InvariantCulture),
            ["closesAt"] = item.ClosesAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (reason is not null)
        {
            data["reason"] = reason;
        }
        return events.AppendAsync(new CommunicationEvent(item.Slug, now, kind, ReminderEvents.Actor, data), cancellationToken);
    }

    private sealed class Tally
    {
        public int Reminders;
        public int Closures;
        public int Skipped;
        public int NotNeeded;
        public int ClaimedElsewhere;
    }
}
