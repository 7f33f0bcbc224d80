using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;

namespace ResponsePortal.Reminders;

/// <summary>
/// What one delivery run did with the messages it took. <see cref="Sent"/> and <see cref="DeadLettered"/> count every
/// message; the notifications among them (receipts, secretariat mails, the digest) are counted apart as well, so the
/// metrics can tell reminders from notifications.
/// </summary>
public sealed record DeliveryResult(int Received, int Sent, int Failed, int DeadLettered, int Dropped, int NotificationsSent = 0, int NotificationsDeadLettered = 0)
{
    public int RemindersSent => Sent - NotificationsSent;

    public int RemindersDeadLettered => DeadLettered - NotificationsDeadLettered;
}

/// <summary>
/// Takes reminders from the queue and emails the addressee's contacts. Success completes the message; a passing
/// failure (SMTP down) gives it back for the next run; after the configured number of attempts it is dead-lettered
/// with the reason. Every outcome is written to the reminder log and the communication's event trail.
/// </summary>
public sealed class ReminderDelivery(
    IReminderTransport transport,
    IReminderMailer mailer,
    IReminderLog log,
    INoticeBoard notices,
    Notifications notifications,
    ICommunicationRepository communications,
    IAddresseeRepository addressees,
    IEventLog events,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    IOptions<PortalOptions> portal,
    ILogger<ReminderDelivery> logger)
{
    public async Task<DeliveryResult> RunAsync(CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0, deadLettered = 0, dropped = 0, notificationsSent = 0, notificationsDeadLettered = 0;
        // One batch per run: a message given back now is tried again on the next run, not in a tight loop.
        var batch = await transport.ReceiveAsync(options.Value.DeliveryBatchSize, cancellationToken);
        foreach (var reminder in batch)
        {
            var outcome = await DeliverAsync(reminder, cancellationToken);
            var isNotification = reminder.Message is { } message && NotificationKinds.IsNotification(message.Kind);
            switch (outcome)
            {
                case Outcome.Sent: sent++; notificationsSent += isNotification ? 1 : 0; break;
                case Outcome.Failed: failed++; break;
                case Outcome.DeadLettered: deadLettered++; notificationsDeadLettered += isNotification ? 1 : 0; break;
                default: dropped++; break;
            }
        }
        return new DeliveryResult(batch.Count, sent, failed, deadLettered, dropped, notificationsSent, notificationsDeadLettered);
    }

    private enum Outcome { Sent, Failed, DeadLettered, Dropped }

    private async Task<Outcome> DeliverAsync(ReceivedReminder reminder, CancellationToken cancellationToken)
    {
        if (reminder.Message is not { } message)
        {
            logger.LogError("Reminder message {MessageId} cannot be read: {Reason}", reminder.MessageId, reminder.Unreadable);
            await transport.DeadLetterAsync(reminder, "Unreadable message: " + reminder.Unreadable, cancellationToken);
            return Outcome.DeadLettered;
        }
        var now = clock.GetUtcNow();
        var record = await log.FindAsync(message.Slug, message.Kind, cancellationToken);
        if (record is { State: ReminderState.Sent } && record.Resends >= message.Resend)
        {
            // A repeat of a message already delivered (a Storage queue has no duplicate detection).
            await transport.CompleteAsync(reminder, cancellationToken);
            return Outcome.Dropped;
        }
        if (NotificationKinds.IsNotification(message.Kind))
        {
            var composed = await notifications.ComposeAsync(message, cancellationToken);
            if (composed.DeadLetterReason is { } deadReason)
            {
                return await DeadLetterAsync(reminder, message, deadReason, cancellationToken);
            }
            if (composed.NotNeededReason is { } notNeeded)
            {
                await RecordAsync(message, ReminderState.NotNeeded, notNeeded, ReminderEvents.NotNeeded, reminder.DeliveryCount, cancellationToken);
                await transport.CompleteAsync(reminder, cancellationToken);
                return Outcome.Dropped;
            }
            return await SendAsync(reminder, message, composed.Emails, null, cancellationToken);
        }
        var communication = await communications.FindForAddresseeAsync(message.AddresseeId, message.Slug, cancellationToken);
        if (communication is null)
        {
            return await DeadLetterAsync(reminder, message, $"There is no communication {message.Slug} for {message.AddresseeId}.", cancellationToken);
        }
        if (communication.FirstReplyAt is not null)
        {
            await RecordAsync(message, ReminderState.NotNeeded, "The addressee replied before the reminder was delivered.", ReminderEvents.NotNeeded, reminder.DeliveryCount, cancellationToken);
            await transport.CompleteAsync(reminder, cancellationToken);
            return Outcome.Dropped;
        }
        if (communication.Window.IsClosedAt(now))
        {
            await RecordAsync(message, ReminderState.Skipped, "The window closed before the reminder could be delivered.", ReminderEvents.Skipped, reminder.DeliveryCount, cancellationToken);
            await transport.CompleteAsync(reminder, cancellationToken);
            return Outcome.Dropped;
        }
        var contacts = await addressees.ListContactsAsync(message.AddresseeId, cancellationToken);
        if (contacts.Count == 0)
        {
            return await DeadLetterAsync(reminder, message, $"{message.AddresseeId} has no contact to send reminders to.", cancellationToken);
        }

        var addressee = await addressees.FindAsync(message.AddresseeId, cancellationToken);
        var zone = portal.Value.SecretariatTimeZone();
        var emails = contacts.Select(contact => ReminderLetter.Compose(communication, contact, addressee, message, zone, portal.Value.PortalBaseUrl)).ToList();
        return await SendAsync(reminder, message, emails, ReminderLetter.NoticeFor(communication, message, now, zone, portal.Value.PortalBaseUrl), cancellationToken);
    }

    /// <summary>Sends every mail of one message; a failure gives the message back, or dead-letters it after the last attempt.</summary>
    private async Task<Outcome> SendAsync(ReceivedReminder reminder, ReminderMessage message, IReadOnlyList<ReminderEmail> emails, Notice? notice, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var email in emails)
            {
                await mailer.SendAsync(email, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = $"Attempt {reminder.DeliveryCount} of {options.Value.MaxDeliveryCount}: {ex.GetType().Name}: {ex.Message}";
            if (reminder.DeliveryCount >= options.Value.MaxDeliveryCount)
            {
                return await DeadLetterAsync(reminder, message, reason, cancellationToken);
            }
            logger.LogWarning(ex, "Reminder {Slug} {Kind} could not be delivered on attempt {Attempt}; it will be tried again", message.Slug, message.Kind, reminder.DeliveryCount);
            await RecordAsync(message, ReminderState.Failed, reason, ReminderEvents.Failed, reminder.DeliveryCount, cancellationToken);
            await transport.AbandonAsync(reminder, cancellationToken);
            return Outcome.Failed;
        }

        if (notice is not null)
        {
            await notices.AddAsync(notice, cancellationToken);
        }
        await RecordAsync(message, ReminderState.Sent, null, ReminderEvents.Sent, reminder.DeliveryCount, cancellationToken, emails.Count);
        await transport.CompleteAsync(reminder, cancellationToken);
        logger.LogInformation("Reminder {Slug} {Kind} sent to {Count} recipients for {Addressee}", message.Slug, message.Kind, emails.Count, message.AddresseeId);
        return Outcome.Sent;
    }

    private async Task<Outcome> DeadLetterAsync(ReceivedReminder reminder, ReminderMessage message, string reason, CancellationToken cancellationToken)
    {
        logger.LogError("Reminder {Slug} {Kind} dead-lettered: {Reason}", message.Slug, message.Kind, reason);
        await RecordAsync(message, ReminderState.DeadLettered, reason, ReminderEvents.DeadLettered, reminder.DeliveryCount, cancellationToken);
        await transport.DeadLetterAsync(reminder, reason, cancellationToken);
        return Outcome.DeadLettered;
    }

    /// <summary>Writes the outcome to the log (read, change, conditional write, again if someone wrote in between) and to the event trail.</summary>
    private async Task RecordAsync(ReminderMessage message, ReminderState state, string? reason, string eventKind, int attempt, CancellationToken cancellationToken, int recipients = 0)
    {
        var now = clock.GetUtcNow();
        for (int i = 0; i < 5; i++)
        {
            var current = await log.FindAsync(message.Slug, message.Kind, cancellationToken);
            if (current is null)
            {
                var fresh = new ReminderRecord(message.Slug, message.Kind, message.AddresseeId, state, message.DueAt, message.ClosesAt, now, now, attempt, reason, message.Resend);
                if (await log.TryClaimAsync(fresh, cancellationToken))
                {
                    break;
                }
                continue;
            }
            if (await log.TryUpdateAsync(current with { State = state, UpdatedAt = now, Attempts = current.Attempts + 1, Reason = reason }, cancellationToken))
            {
                break;
            }
        }
        var data = new Dictionary<string, string>
        {
            ["kind"] = message.Kind,
            ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
            ["messageId"] = message.MessageId,
        };
        if (reason is not null)
        {
            data["reason"] = reason;
        }
        if (recipients > 0)
        {
            data["recipients"] = recipients.ToString(CultureInfo.InvariantCulture);
        }
        if (message.Slug != NotificationKinds.DigestSlug)
        {
            // The digest is about no one communication; its outcome is in the reminder log only.
            await events.AppendAsync(new CommunicationEvent(message.Slug, now, eventKind, ReminderEvents.DeliveryActor, data), cancellationToken);
        }
    }
}
