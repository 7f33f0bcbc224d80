using Azure.Messaging.ServiceBus;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

/// <summary>
/// Reminders on a Service Bus queue. The MessageId is derived from communication and kind, so the queue's duplicate
/// detection drops a repeat; delivery pulls in peek-lock mode and settles each message explicitly.
/// </summary>
public sealed class ServiceBusReminderTransport(ServiceBusSender sender, ServiceBusReceiver receiver) : IReminderTransport
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
        => sender.SendMessageAsync(ToServiceBusMessage(message), cancellationToken);

    public static ServiceBusMessage ToServiceBusMessage(ReminderMessage message)
    {
        var busMessage = new ServiceBusMessage(BinaryData.FromString(ReminderJson.Serialize(message)))
        {
            MessageId = message.MessageId,
            ContentType = "application/json",
            Subject = "reminder",
        };
        busMessage.ApplicationProperties["addressee"] = message.AddresseeId;
        busMessage.ApplicationProperties["kind"] = message.Kind;
        busMessage.ApplicationProperties["schemaVersion"] = message.SchemaVersion;
        return busMessage;
    }

    public async Task<IReadOnlyList<ReceivedReminder>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var messages = await receiver.ReceiveMessagesAsync(maxMessages, MaxWait, cancellationToken);
        return messages.Select(m =>
        {
            var (message, problem) = ReminderJson.Deserialize(m.Body.ToString());
            return new ReceivedReminder(m.MessageId, message, m.DeliveryCount, problem, m);
        }).ToList();
    }

    public Task CompleteAsync(ReceivedReminder reminder, CancellationToken cancellationToken)
        => receiver.CompleteMessageAsync(Locked(reminder), cancellationToken);

    public Task AbandonAsync(ReceivedReminder reminder, CancellationToken cancellationToken)
        => receiver.AbandonMessageAsync(Locked(reminder), cancellationToken: cancellationToken);

    public Task DeadLetterAsync(ReceivedReminder reminder, string reason, CancellationToken cancellationToken)
        => receiver.DeadLetterMessageAsync(Locked(reminder), deadLetterReason: Truncate(reason, 200), deadLetterErrorDescription: Truncate(reason, 1024), cancellationToken: cancellationToken);

    private static ServiceBusReceivedMessage Locked(ReceivedReminder reminder)
        => reminder.Lock as ServiceBusReceivedMessage ?? throw new ArgumentException("This reminder was not received from Service Bus.", nameof(reminder));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
