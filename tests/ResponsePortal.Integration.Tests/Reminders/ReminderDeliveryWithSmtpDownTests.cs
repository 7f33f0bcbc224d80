using ResponsePortal.Audit;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Reminders;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>The SMTP server is down: nothing listens on the configured port.</summary>
[Collection(Smtp4devCollection.Name)]
public sealed class ReminderDeliveryWithSmtpDownTests(Smtp4devMailbox mailbox) : ReminderHarness
{
    private readonly int _closedPort = ChildProcess.FreePort();

    protected override int SmtpPort => _closedPort;

    private async Task SweepThirtyDayRemindersAsync()
    {
        await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 24, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(4, (await Get<DeadlineSweep>().RunAsync(CancellationToken.None)).RemindersEnqueued);
    }

    [Fact]
    public async Task Reminders_are_retried_then_dead_lettered_after_the_last_attempt_and_nothing_is_lost()
    {
        await SweepThirtyDayRemindersAsync();
        var delivery = Get<ReminderDelivery>();

        var first = await delivery.RunAsync(CancellationToken.None);
        var second = await delivery.RunAsync(CancellationToken.None);
        var third = await delivery.RunAsync(CancellationToken.None);
        var fourth = await delivery.RunAsync(CancellationToken.None);

        Assert.Equal((4, 0, 4, 0), (first.Received, first.Sent, first.Failed, first.DeadLettered));
        Assert.Equal((4, 4, 0), (second.Received, second.Failed, second.DeadLettered));
        Assert.Equal((4, 0, 4), (third.Received, third.Failed, third.DeadLettered));
        Assert.Equal(0, fourth.Received);
        Assert.Equal(4, (await DrainAsync("reminders-poison")).Count);

        var record = await Get<IReminderLog>().FindAsync("al-usa-2-2021", "30d", CancellationToken.None);
        Assert.Equal(ReminderState.DeadLettered, record!.State);
        Assert.StartsWith("Attempt 3 of 3: ", record.Reason);
        var events = (await Get<IEventLog>().ListAsync("al-usa-2-2021", CancellationToken.None)).Select(e => e.Kind).ToList();
        Assert.Equal(2, events.Count(k => k == ReminderEvents.Failed));
        Assert.Equal(1, events.Count(k => k == ReminderEvents.DeadLettered));
    }

    [Fact]
    public async Task The_secretariat_sees_dead_letters_in_the_log_and_sends_one_again_once_smtp_is_back()
    {
        await SweepThirtyDayRemindersAsync();
        for (int i = 0; i < MaxDeliveryCount; i++)
        {
            await Get<ReminderDelivery>().RunAsync(CancellationToken.None);
        }
        var monitoring = Get<MonitoringFunctions>();

        var listRequest = Request("GET", "/api/monitoring/reminders?state=DeadLettered", TokenFor("secretariat"));
        var list = await ExecuteAsync(listRequest, await monitoring.ListReminderLog(listRequest, default));
        Assert.Equal(200, list.Status);
        Assert.Equal(4, list.Json.GetProperty("countsByState").GetProperty("DeadLettered").GetInt32());
        Assert.Equal(4, list.Json.GetProperty("records").GetArrayLength());

        await mailbox.ClearAsync();
        Get<Microsoft.Extensions.Options.IOptions<ResponsePortal.Azure.Reminders.SmtpOptions>>().Value.Port = mailbox.SmtpPort;
        var resendRequest = Request("POST", "/api/monitoring/reminders/al-usa-2-2021/30d/resend", TokenFor("secretariat"));
        var resend = await ExecuteAsync(resendRequest, await monitoring.ResendReminder(resendRequest, "al-usa-2-2021", "30d", default));
        Assert.Equal(200, resend.Status);
        Assert.Equal("enqueued", resend.Json.GetProperty("state").GetString());

        var delivered = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal(1, delivered.Sent);
        Assert.Equal(["mission-usa@example.org"], (await mailbox.WaitForAsync(1)).SelectMany(m => m.To));
        Assert.Equal(ReminderState.Sent, (await Get<IReminderLog>().FindAsync("al-usa-2-2021", "30d", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Only_a_dead_lettered_reminder_can_be_sent_again()
    {
        await SweepThirtyDayRemindersAsync();
        var request = Request("POST", "/api/monitoring/reminders/al-usa-2-2021/30d/resend", TokenFor("secretariat"));

        var response = await ExecuteAsync(request, await Get<MonitoringFunctions>().ResendReminder(request, "al-usa-2-2021", "30d", default));

        Assert.Equal(409, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task An_addressee_cannot_read_the_reminder_log()
    {
        var request = Request("GET", "/api/monitoring/reminders", TokenFor("usa"));

        var response = await ExecuteAsync(request, await Get<MonitoringFunctions>().ListReminderLog(request, default));

        Assert.Equal(403, response.Status);
    }
}
