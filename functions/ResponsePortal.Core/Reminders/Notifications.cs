using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Replies;

namespace ResponsePortal.Reminders;

/// <summary>What delivery should do with a notification: send these mails, or record why not.</summary>
public sealed record ComposedNotification(IReadOnlyList<ReminderEmail> Emails, string? DeadLetterReason = null, string? NotNeededReason = null);

/// <summary>
/// Mails that follow from what happens, on the reminders' path (docs/reminders.md): a reply's receipt to the
/// addressee's contacts, a mail to the secretariat for each reply (marked when late), and the weekly digest.
/// Handing one over claims its record in the reminder log first, so a repeat (a replay of the reply's outbox, a
/// second timer) never sends a second message; delivery composes the mails from what is stored at that moment.
/// </summary>
public sealed class Notifications(
    IReminderLog log,
    IReminderTransport transport,
    ICommunicationRepository communications,
    IAddresseeRepository addressees,
    IReplyRepository replies,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    IOptions<PortalOptions> portal,
    ILogger<Notifications> logger)
{
    /// <summary>Hands over the receipt and the secretariat's mail of a stored reply; called from the reply's outbox (ADR 0103).</summary>
    public async Task EnqueueForReplyAsync(Reply reply, DateTimeOffset closesAt, CancellationToken cancellationToken)
    {
        await EnqueueOnceAsync(reply.Slug, NotificationKinds.Receipt(reply.Id), reply.AddresseeId, reply.ReceivedAt, closesAt, cancellationToken);
        await EnqueueOnceAsync(reply.Slug, NotificationKinds.SecretariatReply(reply.Id), NotificationKinds.Secretariat, reply.ReceivedAt, closesAt, cancellationToken);
    }

    /// <summary>Hands over this week's digest (once a week, however often the timer fires).</summary>
    public Task EnqueueWeeklyDigestAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return EnqueueOnceAsync(NotificationKinds.DigestSlug, NotificationKinds.Digest(now), NotificationKinds.Secretariat, now, now, cancellationToken);
    }

    /// <summary>
    /// Claims (slug, kind) and sends the message. A record still Claimed was left by a run that stopped between the
    /// claim and the send, or is being sent right now: it is sent (again); the message id makes Service Bus drop a
    /// repeat, and delivery drops one whose record is already Sent. A record further on is left alone.
    /// </summary>
    private async Task EnqueueOnceAsync(string slug, string kind, string addresseeId, DateTimeOffset dueAt, DateTimeOffset closesAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claim = new ReminderRecord(slug, kind, addresseeId, ReminderState.Claimed, dueAt, closesAt, now, null, 0, null, 0);
        if (!await log.TryClaimAsync(claim, cancellationToken))
        {
            var existing = await log.FindAsync(slug, kind, cancellationToken);
            if (existing is not { State: ReminderState.Claimed })
            {
                return;
            }
        }
        await transport.SendAsync(new ReminderMessage(ReminderMessage.CurrentSchemaVersion, slug, addresseeId, kind, dueAt, closesAt), cancellationToken);
        var current = await log.FindAsync(slug, kind, cancellationToken);
        if (current is { State: ReminderState.Claimed })
        {
            await log.TryUpdateAsync(current with { State = ReminderState.Enqueued, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        }
        logger.LogInformation("Notification {Slug} {Kind} enqueued", slug, kind);
    }

    /// <summary>The mails of one notification, from what is stored now.</summary>
    public async Task<ComposedNotification> ComposeAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        var zone = portal.Value.SecretariatTimeZone();
        var baseUrl = portal.Value.PortalBaseUrl;
        if (message.Kind.StartsWith(NotificationKinds.DigestPrefix, StringComparison.Ordinal))
        {
            if (SecretariatMailbox() is not { } digestTo)
            {
                return new([], NotNeededReason: "No secretariat mailbox is set (Reminders__SecretariatMailbox).");
            }
            var now = clock.GetUtcNow();
            var all = await communications.ListAllAsync(cancellationToken);
            var closing = all.Where(c => c.Window.ClosesAt > now && c.Window.ClosesAt <= now.AddDays(7)).OrderBy(c => c.Window.ClosesAt).ToList();
            var closedWithoutReply = all.Where(c => c.Window.IsClosedAt(now) && c.Window.ClosesAt > now.AddDays(-7) && c.FirstReplyAt is null).OrderBy(c => c.Window.ClosesAt).ToList();
            var deadLettered = (await log.ListAsync(null, cancellationToken)).Where(r => r.State == ReminderState.DeadLettered).ToList();
            var names = (await addressees.ListAsync(cancellationToken)).ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
            var references = all.ToDictionary(c => c.Slug, c => c.Reference.ToString(), StringComparer.Ordinal);
            // The week the digest was claimed for, even when a retry delivers it later.
            var week = NotificationLetter.DigestWeek(message.Kind) ?? DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(message.DueAt.UtcDateTime), ISOWeek.GetWeekOfYear(message.DueAt.UtcDateTime), DayOfWeek.Monday));
            return new([NotificationLetter.Digest(digestTo, options.Value.SecretariatLanguage, week, now, closing, closedWithoutReply, deadLettered, names, references, zone, baseUrl)]);
        }

        var replyId = NotificationKinds.ReplyIdOf(message.Kind)!;
        var stored = await replies.FindAsync(message.Slug, replyId, cancellationToken);
        var communication = await communications.FindAsync(message.Slug, cancellationToken);
        if (stored is null || communication is null)
        {
            return new([], DeadLetterReason: $"There is no reply {replyId} to {message.Slug}.");
        }
        var addressee = await addressees.FindAsync(communication.AddresseeId, cancellationToken);
        if (message.Kind.StartsWith(NotificationKinds.SecretariatReplyPrefix, StringComparison.Ordinal))
        {
            return SecretariatMailbox() is { } to
                ? new([NotificationLetter.ReplyToSecretariat(to, options.Value.SecretariatLanguage, communication, addressee, stored.Reply, zone, baseUrl)])
                : new([], NotNeededReason: "No secretariat mailbox is set (Reminders__SecretariatMailbox).");
        }
        var contacts = await addressees.ListContactsAsync(communication.AddresseeId, cancellationToken);
        if (contacts.Count == 0)
        {
            return new([], DeadLetterReason: $"{communication.AddresseeId} has no contact to send the receipt to.");
        }
        var receipt = new MailAttachment($"receipt-{stored.Reply.ReceiptId}.json", "application/json", Encoding.UTF8.GetBytes(stored.Receipt.ToJson()));
        return new(contacts.Select(c => NotificationLetter.Receipt(c, addressee, communication, stored.Reply, receipt, zone, baseUrl)).ToList());
    }

    private string? SecretariatMailbox() => string.IsNullOrWhiteSpace(options.Value.SecretariatMailbox) ? null : options.Value.SecretariatMailbox;
}
