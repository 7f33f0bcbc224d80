using System.Globalization;
using ResponsePortal.Audit;
using ResponsePortal.Common;

namespace ResponsePortal.Reminders;

public sealed record ReminderLogView(IReadOnlyDictionary<string, int> CountsByState, IReadOnlyList<ReminderRecord> Records);

/// <summary>The addressee's notices, and the secretariat's view of the reminder log with a way to resend a dead letter.</summary>
public sealed class ReminderDesk(IReminderLog log, INoticeBoard notices, IReminderTransport transport, IEventLog events, TimeProvider clock)
{
    public Task<IReadOnlyList<Notice>> ListNoticesAsync(Caller caller, CancellationToken cancellationToken)
        => caller.AddresseeId is { } addresseeId ? notices.ListAsync(addresseeId, cancellationToken) : Task.FromResult<IReadOnlyList<Notice>>([]);

    public async Task<Outcome<ReminderLogView>> ListLogAsync(string? state, string? slug, CancellationToken cancellationToken)
    {
        ReminderState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<ReminderState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problem.Invalid(new Dictionary<string, string[]> { ["state"] = [$"State is one of {string.Join(", ", Enum.GetNames<ReminderState>())}."] });
            }
            wanted = parsed;
        }
        var records = await log.ListAsync(string.IsNullOrEmpty(slug) ? null : slug, cancellationToken);
        var counts = records.GroupBy(r => r.State).ToDictionary(g => g.Key.ToString(), g => g.Count());
        return new ReminderLogView(counts, wanted is null ? records : records.Where(r => r.State == wanted).ToList());
    }

    /// <summary>Sends a dead-lettered reminder again, under a new message id so duplicate detection lets it through.</summary>
    public async Task<Outcome<ReminderRecord>> ResendAsync(Caller caller, string slug, string kind, CancellationToken cancellationToken)
    {
        var record = await log.FindAsync(slug, kind, cancellationToken);
        if (record is null || kind == ReminderKinds.Closure)
        {
            return Problem.NotFound($"reminder {kind} of {slug}");
        }
        if (record.State != ReminderState.DeadLettered)
        {
            return Problem.Conflict($"Only a dead-lettered reminder can be sent again; this one is {record.State}.");
        }
        var now = clock.GetUtcNow();
        var resent = record with { State = ReminderState.Enqueued, Resends = record.Resends + 1, UpdatedAt = now, Attempts = 0, Reason = $"Sent again by {caller.UserId}." };
        if (!await log.TryUpdateAsync(resent, cancellationToken))
        {
            return Problem.Conflict("The reminder changed meanwhile; read the log again.");
        }
        var message = new ReminderMessage(ReminderMessage.CurrentSchemaVersion, slug, record.AddresseeId, kind, record.DueAt, record.ClosesAt, resent.Resends);
        try
        {
            await transport.SendAsync(message, cancellationToken);
        }
        catch
        {
            var current = await log.FindAsync(slug, kind, CancellationToken.None);
            if (current is not null)
            {
                await log.TryUpdateAsync(current with { State = ReminderState.DeadLettered, Reason = record.Reason }, CancellationToken.None);
            }
            throw;
        }
        await events.AppendAsync(new Audit.CommunicationEvent(slug, now, ReminderEvents.Resent, caller.UserId, new Dictionary<string, string>
        {
            ["kind"] = kind,
            ["messageId"] = message.MessageId,
            ["resend"] = resent.Resends.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        return await log.FindAsync(slug, kind, cancellationToken) ?? resent;
    }
}
