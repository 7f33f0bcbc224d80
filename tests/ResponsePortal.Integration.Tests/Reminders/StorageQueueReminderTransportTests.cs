using System.Text.Json;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>The Storage queue adapter against the real Azurite queue service.</summary>
public sealed class StorageQueueReminderTransportTests : PortalHarness
{
    private static readonly ReminderMessage Reminder = new(ReminderMessage.CurrentSchemaVersion, "al-usa-2-2021", "USA", "14d",
        new DateTimeOffset(2021, 3, 11, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero));

    private IReminderTransport Transport => Get<IReminderTransport>();

    [Fact]
    public void The_local_default_transport_is_the_storage_queue()
    {
        Assert.IsType<StorageQueueReminderTransport>(Transport);
    }

    [Fact]
    public async Task A_sent_reminder_is_received_with_its_body_and_a_delivery_count_of_one()
    {
        await Transport.SendAsync(Reminder, CancellationToken.None);

        var received = Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None));

        Assert.Equal(Reminder, received.Message);
        Assert.Equal("al-usa-2-2021|14d", received.MessageId);
        Assert.Equal(1, received.DeliveryCount);
    }

    [Fact]
    public async Task A_completed_reminder_is_gone()
    {
        await Transport.SendAsync(Reminder, CancellationToken.None);
        var received = Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None));

        await Transport.CompleteAsync(received, CancellationToken.None);

        Assert.Empty(await Transport.ReceiveAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task An_abandoned_reminder_comes_back_at_once_with_its_delivery_count_raised()
    {
        await Transport.SendAsync(Reminder, CancellationToken.None);
        await Transport.AbandonAsync(Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None)), CancellationToken.None);

        var again = Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None));

        Assert.Equal(2, again.DeliveryCount);
        Assert.Equal(Reminder, again.Message);
    }

    [Fact]
    public async Task A_dead_lettered_reminder_moves_to_the_poison_queue_with_its_reason_and_body()
    {
        await Transport.SendAsync(Reminder, CancellationToken.None);
        var received = Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None));

        await Transport.DeadLetterAsync(received, "SMTP refused the connection 3 times", CancellationToken.None);

        Assert.Empty(await Transport.ReceiveAsync(10, CancellationToken.None));
        var poison = Assert.Single((await Get<global::Azure.Storage.Queues.QueueServiceClient>().GetQueueClient("reminders-poison").ReceiveMessagesAsync(10)).Value);
        var letter = JsonSerializer.Deserialize<StorageQueueReminderTransport.PoisonLetter>(poison.Body.ToString(), ReminderJson.Options)!;
        Assert.Equal("SMTP refused the connection 3 times", letter.Reason);
        Assert.Equal(Reminder, ReminderJson.Deserialize(letter.Body).Message);
    }

    [Fact]
    public async Task A_body_that_is_not_a_reminder_is_received_as_unreadable()
    {
        await Get<global::Azure.Storage.Queues.QueueServiceClient>().GetQueueClient("reminders").SendMessageAsync("{\"hello\":1}");

        var received = Assert.Single(await Transport.ReceiveAsync(10, CancellationToken.None));

        Assert.Null(received.Message);
        Assert.Equal("The body is not a reminder.", received.Unreadable);
    }
}
