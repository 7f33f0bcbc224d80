using Azure.Messaging.ServiceBus;
using Moq;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

public sealed class ServiceBusReminderTransportTests
{
    private static readonly ReminderMessage Reminder = new(ReminderMessage.CurrentSchemaVersion, "al-usa-2-2021", "USA", "14d",
        new DateTimeOffset(2021, 3, 11, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero));

    private readonly Mock<ServiceBusSender> _sender = new();
    private readonly Mock<ServiceBusReceiver> _receiver = new();
    private readonly List<ServiceBusMessage> _sent = [];

    public ServiceBusReminderTransportTests()
    {
        _sender.Setup(s => s.SendMessageAsync(Capture.In(_sent), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    private ServiceBusReminderTransport Transport => new(_sender.Object, _receiver.Object);

    private static ServiceBusReceivedMessage Received(string body, int deliveryCount, string messageId = "al-usa-2-2021|14d")
        => ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(body), messageId: messageId, deliveryCount: deliveryCount, lockTokenGuid: Guid.NewGuid());

    private void Receives(params ServiceBusReceivedMessage[] messages)
        => _receiver.Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>())).ReturnsAsync(messages);

    [Fact]
    public async Task Send_puts_a_versioned_json_body_with_message_id_and_application_properties_on_the_queue()
    {
        await Transport.SendAsync(Reminder, CancellationToken.None);

        var message = Assert.Single(_sent);
        Assert.Equal("al-usa-2-2021|14d", message.MessageId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("USA", message.ApplicationProperties["addressee"]);
        Assert.Equal("14d", message.ApplicationProperties["kind"]);
        using var json = System.Text.Json.JsonDocument.Parse(message.Body.ToString());
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("al-usa-2-2021", json.RootElement.GetProperty("slug").GetString());
        Assert.Equal("2021-03-26T22:59:59.999+00:00", json.RootElement.GetProperty("closesAt").GetString());
    }

    [Fact]
    public async Task The_same_reminder_sent_twice_carries_the_same_message_id_so_duplicate_detection_drops_the_repeat()
    {
        await Transport.SendAsync(Reminder, CancellationToken.None);
        await Transport.SendAsync(Reminder with { }, CancellationToken.None);
        await Transport.SendAsync(Reminder with { Kind = "7d" }, CancellationToken.None);

        Assert.Equal(["al-usa-2-2021|14d", "al-usa-2-2021|14d", "al-usa-2-2021|7d"], _sent.Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_deliberate_resend_gets_its_own_message_id()
    {
        await Transport.SendAsync(Reminder with { Resend = 1 }, CancellationToken.None);

        Assert.Equal("al-usa-2-2021|14d|resend-1", Assert.Single(_sent).MessageId);
    }

    [Fact]
    public async Task Receive_reads_the_body_and_the_delivery_count()
    {
        Receives(Received(ReminderJson.Serialize(Reminder), deliveryCount: 2));

        var received = Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None));

        Assert.Equal(Reminder, received.Message);
        Assert.Equal(2, received.DeliveryCount);
        Assert.Null(received.Unreadable);
    }

    [Fact]
    public async Task An_unreadable_or_unknown_version_body_is_received_without_a_message_and_with_the_reason()
    {
        Receives(Received("not json", 1, "x"), Received(ReminderJson.Serialize(Reminder with { SchemaVersion = 9 }), 1, "y"));

        var received = await Transport.ReceiveAsync(10, CancellationToken.None);

        Assert.All(received, r => Assert.Null(r.Message));
        Assert.StartsWith("The body is not JSON", received[0].Unreadable);
        Assert.StartsWith("Schema version 9 is not known", received[1].Unreadable);
    }

    [Fact]
    public async Task Complete_settles_the_locked_message()
    {
        var message = Received(ReminderJson.Serialize(Reminder), 1);
        Receives(message);
        var received = Assert.Single(await Transport.ReceiveAsync(1, CancellationToken.None));

        await Transport.CompleteAsync(received, CancellationToken.None);

        _receiver.Verify(r => r.CompleteMessageAsync(message, It.IsAny<CancellationToken>()), Times.Once);
        _receiver.Verify(r => r.AbandonMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Abandon_gives_the_message_back_for_another_attempt()
    {
        var message = Received(ReminderJson.Serialize(Reminder), 1);
        Receives(message);
        var received = Assert.Single(await Transport.ReceiveAsync(1, CancellationToken.None));

        await Transport.AbandonAsync(received, CancellationToken.None);

        _receiver.Verify(r => r.AbandonMessageAsync(message, null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Dead_letter_carries_the_reason()
    {
        var message = Received(ReminderJson.Serialize(Reminder), 5);
        Receives(message);
        var received = Assert.Single(await Transport.ReceiveAsync(1, CancellationToken.None));

        await Transport.DeadLetterAsync(received, "Attempt 5 of 5: SocketException: Connection refused", CancellationToken.None);

        _receiver.Verify(r => r.DeadLetterMessageAsync(message, "Attempt 5 of 5: SocketException: Connection refused", "Attempt 5 of 5: SocketException: Connection refused", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Settling_a_reminder_from_another_transport_is_refused()
    {
        var foreign = new ReceivedReminder("id", Reminder, 1, null, new object());

        await Assert.ThrowsAsync<ArgumentException>(() => Transport.CompleteAsync(foreign, CancellationToken.None));
    }
}
