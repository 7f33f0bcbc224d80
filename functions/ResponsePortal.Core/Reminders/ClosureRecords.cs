using Microsoft.Extensions.Logging;

namespace ResponsePortal.Reminders;

/// <summary>
/// Writes what became of a closure into the reminder log, from the publisher: <see cref="ReminderState.Published"/>
/// once the site holds the pages, <see cref="ReminderState.Failed"/> with the reason when a publication failed or
/// could not apply. The sweep only records that it handed the closure over (<see cref="ReminderState.Enqueued"/>).
/// </summary>
public sealed class ClosureRecords(IReminderLog log, TimeProvider clock, ILogger<ClosureRecords> logger)
{
    /// <summary>Conditional writes tried before giving up to a concurrent writer (the sweep marking it Enqueued).</summary>
    private const int MaxAttempts = 5;

    public Task MarkPublishedAsync(string slug, CancellationToken cancellationToken)
        => UpdateAsync(slug, ReminderState.Published, null, cancellationToken);

    public Task MarkFailedAsync(string slug, string reason, CancellationToken cancellationToken)
        => UpdateAsync(slug, ReminderState.Failed, reason, cancellationToken);

    private async Task UpdateAsync(string slug, ReminderState state, string? reason, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await log.FindAsync(slug, ReminderKinds.Closure, cancellationToken);
            // No record: published before the sweep reached it (a command, a republish); a Published one stays so,
            // since a later republication that fails does not take the pages away.
            if (current is null || current.State == ReminderState.Published || (current.State == state && current.Reason == reason))
            {
                return;
            }
            var attempts = state == ReminderState.Failed ? current.Attempts + 1 : current.Attempts;
            if (await log.TryUpdateAsync(current with { State = state, Reason = reason, Attempts = attempts, UpdatedAt = clock.GetUtcNow() }, cancellationToken))
            {
                return;
            }
        }
        logger.LogWarning("The closure record of {Slug} could not be set to {State}: it kept changing", slug, state);
    }
}
