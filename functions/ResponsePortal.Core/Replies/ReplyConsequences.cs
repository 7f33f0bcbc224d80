using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using ResponsePortal.Audit;
using ResponsePortal.Communications;
using ResponsePortal.Publication;
using ResponsePortal.Reminders;

namespace ResponsePortal.Replies;

/// <summary>
/// Everything that follows from a stored reply (ADR 0103): the communication's count and first reply, the
/// <c>reply-received</c>, <c>confidentiality-requested</c> and <c>receipt-issued</c> events, the Idempotency-Key
/// marked completed, the receipt and secretariat mails handed to delivery and, for a letter already published, a
/// late-reply publication. Each step can be repeated
/// without effect, so the request that stored the reply, a replay of its key and the janitor may all run it:
/// the outbox row is removed only when every step is done.
/// </summary>
public sealed class ReplyConsequences(
    ICommunicationRepository communications,
    IReplyRepository replies,
    IEventLog events,
    IPublishQueue publishQueue,
    Notifications notifications,
    TimeProvider clock,
    ILogger<ReplyConsequences> logger,
    IEnumerable<IReplyStored>? storedHandlers = null)
{
    private readonly IReadOnlyList<IReplyStored> _storedHandlers = storedHandlers?.ToList() ?? [];

    /// <summary>Attempts at the communication's row under concurrent updates before the rest is left to the janitor.</summary>
    public const int MaxCountAttempts = 100;

    public async Task ApplyAsync(StoredReply stored, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var reply = stored.Reply;
        var communication = await CountAsync(reply, cancellationToken);
        await AppendEventsAsync(reply, stored.Receipt.Signature.KeyId, cancellationToken);
        if (communication is not null)
        {
            foreach (var handler in _storedHandlers)
            {
                await handler.OnStoredAsync(reply, communication, cancellationToken);
            }
        }
        if (idempotencyKey is not null)
        {
            await replies.CompleteClaimAsync(reply.AddresseeId, reply.Slug, idempotencyKey, reply.Id, cancellationToken);
        }
        if (communication?.PublishedAt is not null)
        {
            // At least once: a crash after this line and before the outbox row goes asks for the same publication
            // again, which republishes the same pages.
            await publishQueue.EnqueueAsync(new PublishRequest(PublishRequest.CurrentSchemaVersion, reply.Slug, PublishReasons.LateReply, clock.GetUtcNow(), reply.SubmittedBy), cancellationToken);
        }
        if (communication is not null)
        {
            // In the outbox like every other consequence: a crash before the row goes hands the mails over again,
            // and their claims in the reminder log keep them to one message each.
            await notifications.EnqueueForReplyAsync(reply, communication.Window.ClosesAt, cancellationToken);
        }
        // The upload's record goes before the outbox row: while the record is there the outbox row is too, so the
        // janitor can never mistake a stored reply for a dead upload and give it up.
        await replies.EndUploadAsync(reply.Id, cancellationToken);
        await replies.CompleteOutboxAsync(reply.Slug, reply.Id, cancellationToken);
    }

    /// <summary>The id of a reply's event of one kind: the same every time, so the event is written once.</summary>
    public static Guid EventId(string replyId, string kind)
        => new(SHA256.HashData(Encoding.UTF8.GetBytes(replyId + "\n" + kind)).AsSpan(0, 16));

    /// <summary>Counts the stored replies onto the communication; retried when someone else updated it in between.</summary>
    private async Task<Communication?> CountAsync(Reply reply, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= MaxCountAttempts; attempt++)
        {
            var current = await communications.FindForAddresseeAsync(reply.AddresseeId, reply.Slug, cancellationToken);
            if (current is null)
            {
                return null;
            }
            var received = await replies.ListReceivedAtAsync(reply.Slug, cancellationToken);
            if (current.ReplyCount == received.Count && current.FirstReplyAt == (received.Count == 0 ? null : received.Min()))
            {
                return current;
            }
            current.RecordReplies(received);
            if (await communications.TryUpdateAsync(current, cancellationToken))
            {
                return current;
            }
        }
        throw new InvalidOperationException($"Reply {reply.Id} is stored but could not be counted on {reply.Slug}: too many concurrent updates. The janitor will count it.");
    }

    private async Task AppendEventsAsync(Reply reply, string keyId, CancellationToken cancellationToken)
    {
        var actor = reply.SubmittedBy;
        async Task AppendAsync(string kind, Dictionary<string, string> data)
        {
            if (!await events.AppendOnceAsync(new CommunicationEvent(reply.Slug, reply.ReceivedAt, kind, actor, data), EventId(reply.Id, kind), cancellationToken))
            {
                logger.LogInformation("Event {Kind} of reply {ReplyId} was already recorded", kind, reply.Id);
            }
        }
        await AppendAsync(ReplyEvents.ReplyReceived, new()
        {
            ["replyId"] = reply.Id,
            ["files"] = reply.Files.Count.ToString(CultureInfo.InvariantCulture),
            ["bytes"] = reply.Files.Sum(f => f.Size).ToString(CultureInfo.InvariantCulture),
            ["daysLate"] = reply.DaysLate.ToString(CultureInfo.InvariantCulture),
        });
        if (reply.Confidentiality is { } request)
        {
            await AppendAsync(ReplyEvents.ConfidentialityRequested, new()
            {
                ["replyId"] = reply.Id,
                ["category"] = request.ReasonCategory,
            });
        }
        await AppendAsync(ReplyEvents.ReceiptIssued, new()
        {
            ["replyId"] = reply.Id,
            ["receiptId"] = reply.ReceiptId,
            ["keyId"] = keyId,
        });
    }
}
