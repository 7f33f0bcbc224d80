using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

/// <summary>
/// Reminders on an Azure Storage queue (Azurite locally). Same contract as Service Bus: a received message is
/// hidden while it is worked on, the dequeue count is the delivery count, and dead-lettering moves it to
/// "{queue}-poison" with the reason, as the Functions host does with poison messages.
/// </summary>
public sealed class StorageQueueReminderTransport(QueueServiceClient queues, string queueName) : IReminderTransport
{
    public static readonly TimeSpan Lock = TimeSpan.FromMinutes(5);

    private readonly QueueClient _queue = queues.GetQueueClient(queueName);
    private readonly QueueClient _poison = queues.GetQueueClient(ReminderStorage.PoisonQueue(queueName));

    public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
        => _queue.SendMessageAsync(ReminderJson.Serialize(message), cancellationToken);

    public async Task<IReadOnlyList<ReceivedReminder>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var received = new List<ReceivedReminder>();
        while (received.Count < maxMessages)
        {
            var messages = (await _queue.ReceiveMessagesAsync(Math.Min(32, maxMessages - received.Count), Lock, cancellationToken)).Value;
            if (messages.Length == 0)
            {
                break;
            }
            foreach (var m in messages)
            {
                var (message, problem) = ReminderJson.Deserialize(m.Body.ToString());
                received.Add(new ReceivedReminder(message?.MessageId ?? m.MessageId, message, (int)m.DequeueCount, problem, new Receipt(m.MessageId, m.PopReceipt, m.Body.ToString())));
            }
        }
        return received;
    }

    public Task CompleteAsync(ReceivedReminder reminder, CancellationToken cancellationToken)
        => _queue.DeleteMessageAsync(Locked(reminder).MessageId, Locked(reminder).PopReceipt, cancellationToken);

    public Task AbandonAsync(ReceivedReminder reminder, CancellationToken cancellationToken)
        => _queue.UpdateMessageAsync(Locked(reminder).MessageId, Locked(reminder).PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);

    public async Task DeadLetterAsync(ReceivedReminder reminder, string reason, CancellationToken cancellationToken)
    {
        var receipt = Locked(reminder);
        var letter = JsonSerializer.Serialize(new PoisonLetter(reminder.MessageId, reason, reminder.DeliveryCount, receipt.Body), ReminderJson.Options);
        await _poison.SendMessageAsync(letter, cancellationToken);
        await _queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, cancellationToken);
    }

    /// <summary>What lands on the poison queue: the original body and why it is there.</summary>
    public sealed record PoisonLetter(string MessageId, string Reason, int DeliveryCount, string Body);

    private sealed record Receipt(string MessageId, string PopReceipt, string Body);

    private static Receipt Locked(ReceivedReminder reminder)
        => reminder.Lock as Receipt ?? throw new ArgumentException("This reminder was not received from the Storage queue.", nameof(reminder));
}
