using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Functions.Reminders;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>Reminder delivery to a real SMTP server (smtp4dev), read back through its HTTP API.</summary>
[Collection(Smtp4devCollection.Name)]
public sealed class ReminderDeliveryTests(Smtp4devMailbox mailbox) : ReminderHarness
{
    protected override int SmtpPort => mailbox.SmtpPort;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await mailbox.ClearAsync();
    }

    /// <summary>Moves to just after the 14-day reminders fell due and sweeps.</summary>
    private async Task SweepFourteenDayRemindersAsync()
    {
        await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 12, 8, 0, 0, TimeSpan.Zero));
        var result = await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Assert.Equal(4, result.RemindersEnqueued);
    }

    [Fact]
    public async Task Each_demo_contact_gets_the_reminder_with_letter_dates_in_geneva_and_utc_and_a_link_to_reply()
    {
        await SweepFourteenDayRemindersAsync();

        var result = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal((4, 4), (result.Received, result.Sent));
        var mail = await mailbox.WaitForAsync(4);
        Assert.Equal(
            ["legal-facebook@example.org", "mission-romania@example.org", "mission-uk@example.org", "mission-usa@example.org"],
            mail.SelectMany(m => m.To).Order());
        var usa = mail.Single(m => m.To.Contains("mission-usa@example.org"));
        Assert.Equal("Reminder: the reply to communication AL USA 2/2021 is due in 14 days", usa.Subject);
        var text = await mailbox.PlainTextAsync(usa.Id);
        Assert.Contains("sent on 25 January 2021", text);
        Assert.Contains("closes on Friday 26 March 2021, 23:59 (UTC+01:00), Geneva time, which is 2021-03-26 22:59 UTC", text);
        Assert.Contains("the communication and any reply received will be published", text);
        Assert.Contains("https://portal.example.org/letter.html?slug=al-usa-2-2021", text);
        Assert.Contains("<a href=\"https://portal.example.org/letter.html?slug=al-usa-2-2021\">", await mailbox.HtmlAsync(usa.Id));
        Assert.Empty(await DrainRemindersAsync());
    }

    [Fact]
    public async Task A_contact_who_reads_french_gets_the_reminder_in_french()
    {
        await Get<IAddresseeRepository>().SaveContactAsync(new Contact("ROU", "mission-romania@example.org", "Mission", "fr"), CancellationToken.None);
        await SweepFourteenDayRemindersAsync();

        await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        var romania = (await mailbox.WaitForAsync(4)).Single(m => m.To.Contains("mission-romania@example.org"));
        Assert.Equal("Rappel : la réponse à la communication AL ROU 1/2021 est attendue dans 14 jours", romania.Subject);
        var text = await mailbox.PlainTextAsync(romania.Id);
        Assert.Contains("vendredi 26 mars 2021, 23:59 (UTC+01:00), heure de Genève, soit le 2021-03-26 22:59 UTC", text);
        Assert.Contains("{\"name\":\"Content-Language\",\"value\":\"fr\"}", await mailbox.DetailAsync(romania.Id));
    }

    [Fact]
    public async Task A_delivered_reminder_is_logged_as_sent_and_shown_in_the_addressees_notices()
    {
        await SweepFourteenDayRemindersAsync();

        await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        var record = await Get<IReminderLog>().FindAsync("al-usa-2-2021", "14d", CancellationToken.None);
        Assert.Equal(ReminderState.Sent, record!.State);
        var events = await Get<IEventLog>().ListAsync("al-usa-2-2021", CancellationToken.None);
        Assert.Contains(events, e => e.Kind == ReminderEvents.Sent && e.Data["kind"] == "14d" && e.Data["recipients"] == "1");
        var request = Request("GET", "/api/me/notices", TokenFor("usa"));
        var response = await ExecuteAsync(request, await Get<NoticeFunctions>().ListMyNotices(request, default));
        Assert.Equal(200, response.Status);
        var notice = Assert.Single(response.Json.EnumerateArray());
        Assert.Equal("al-usa-2-2021", notice.GetProperty("slug").GetString());
        Assert.Equal("14d", notice.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_reply_between_sweep_and_delivery_cancels_the_reminder()
    {
        await SweepFourteenDayRemindersAsync();
        await RecordReplyAsync("al-usa-2-2021", Clock.GetUtcNow());

        var result = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal((3, 1), (result.Sent, result.Dropped));
        Assert.DoesNotContain(await mailbox.WaitForAsync(3), m => m.To.Contains("mission-usa@example.org"));
        Assert.Equal(ReminderState.NotNeeded, (await Get<IReminderLog>().FindAsync("al-usa-2-2021", "14d", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_repeated_message_for_a_reminder_already_sent_is_dropped_without_mail()
    {
        await SweepFourteenDayRemindersAsync();
        await Get<ReminderDelivery>().RunAsync(CancellationToken.None);
        await mailbox.WaitForAsync(4);
        await Get<IReminderTransport>().SendAsync(new ReminderMessage(1, "al-usa-2-2021", "USA", "14d",
            new DateTimeOffset(2021, 3, 11, 23, 0, 0, TimeSpan.Zero), DemoClose), CancellationToken.None);

        var result = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (result.Received, result.Sent, result.Dropped));
        Assert.Equal(4, (await mailbox.ListAsync()).Count);
    }
}
