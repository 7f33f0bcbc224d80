using System.Security.Cryptography;
using System.Text.Json;
using MimeKit;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Reminders;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>
/// Issue 15: a reply's receipt to the addressee's contacts, a mail to the secretariat for each reply, and the weekly
/// digest, on the reminders' delivery path (Storage queue on Azurite, mail to smtp4dev), exactly once.
/// </summary>
[Collection(Smtp4devCollection.Name)]
public sealed class NotificationDeliveryTests(Smtp4devMailbox mailbox) : ReminderHarness
{
    private const string SecretariatMailbox = "desk@secretariat.example.org";

    protected override int SmtpPort => mailbox.SmtpPort;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Reminders:SecretariatMailbox"] = SecretariatMailbox,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await mailbox.ClearAsync();
        // A second contact of the United States, who reads French.
        await Get<IAddresseeRepository>().SaveContactAsync(new Contact("USA", "juriste-usa@example.org", "Juriste", "fr"), CancellationToken.None);
    }

    private async Task<string> ReplyAsUsaAsync()
    {
        var request = Request("POST", "/api/me/communications/al-usa-2-2021/replies", TokenFor("usa"), Form(("files", "reply.pdf", Pdf("Our reply"))));
        var response = await ExecuteAsync(request, await Get<MyReplyFunctions>().UploadReply(request, "al-usa-2-2021", default));
        Assert.True(response.Status == 201, response.Body);
        return response.Json.GetProperty("id").GetString()!;
    }

    private async Task RegisterAsync(string reference, string addresseeId, string sentOn)
    {
        var outcome = await Get<CommunicationRegistration>().RegisterAsync(Caller.Secretariat("test", "Test"), new CommunicationDraft
        {
            Reference = reference,
            AddresseeId = addresseeId,
            Subject = "A letter whose window closed last week",
            Mandates = ["Special Rapporteur on testing"],
            SentOn = sentOn,
        }, new FileUpload("letter.pdf", Pdf().Length, new MemoryStream(Pdf())), null, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    private async Task<MimeMessage> SourceAsync(string id)
        => await MimeMessage.LoadAsync(await mailbox.Api.GetStreamAsync($"/api/messages/{id}/download"));

    [Fact]
    public async Task A_reply_mails_each_contact_its_signed_receipt_in_their_language_and_the_secretariat_once()
    {
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var replyId = await ReplyAsUsaAsync();

        var result = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal((2, 2, 2, 0), (result.Received, result.Sent, result.NotificationsSent, result.RemindersSent));
        var mail = await mailbox.WaitForAsync(3);
        Assert.Equal([SecretariatMailbox, "juriste-usa@example.org", "mission-usa@example.org"], mail.SelectMany(m => m.To).Order());
        var english = mail.Single(m => m.To.Contains("mission-usa@example.org"));
        Assert.Equal("Receipt: your reply to communication AL USA 2/2021", english.Subject);
        Assert.Equal("Accusé de réception : réponse à la communication AL USA 2/2021", mail.Single(m => m.To.Contains("juriste-usa@example.org")).Subject);
        Assert.Equal("Reply received: AL USA 2/2021 from United States of America", mail.Single(m => m.To.Contains(SecretariatMailbox)).Subject);

        var source = await SourceAsync(english.Id);
        Assert.Contains($"https://portal.example.org/receipt.html?slug=al-usa-2-2021&reply={replyId}", source.TextBody);
        Assert.Contains("received on 1 March 2021, 11:00 (UTC+01:00), Geneva time, which is 2021-03-01 10:00 UTC", source.TextBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(source.Attachments));
        Assert.StartsWith("receipt-", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var receiptJson = System.Text.Encoding.UTF8.GetString(content.ToArray());
        using var key = ECDsa.Create();
        key.ImportFromPem(ReceiptKeyPem);
        Assert.True(ReceiptVerifier.Verify(receiptJson, key.ExportSubjectPublicKeyInfoPem()).Valid);
        Assert.Equal(replyId, JsonDocument.Parse(receiptJson).RootElement.GetProperty("receipt").GetProperty("replyId").GetString());

        var log = await Get<IReminderLog>().ListAsync("al-usa-2-2021", CancellationToken.None);
        Assert.Equal(ReminderState.Sent, log.Single(r => r.Kind == NotificationKinds.Receipt(replyId)).State);
        Assert.Equal(ReminderState.Sent, log.Single(r => r.Kind == NotificationKinds.SecretariatReply(replyId)).State);
    }

    [Fact]
    public async Task A_replay_of_the_reply_outbox_and_a_repeated_message_send_nothing_twice()
    {
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var replyId = await ReplyAsUsaAsync();
        var stored = (await Get<IReplyRepository>().FindAsync("al-usa-2-2021", replyId, CancellationToken.None))!;

        // The janitor (or a replay of the Idempotency-Key) runs the consequences again, before and after delivery.
        await Get<ReplyConsequences>().ApplyAsync(stored, null, CancellationToken.None);
        await Get<ReminderDelivery>().RunAsync(CancellationToken.None);
        await Get<ReplyConsequences>().ApplyAsync(stored, null, CancellationToken.None);
        // A Storage queue has no duplicate detection: the same message again, as a crash between send and claim update would leave it.
        await Get<IReminderTransport>().SendAsync(new ReminderMessage(ReminderMessage.CurrentSchemaVersion, "al-usa-2-2021", "USA", NotificationKinds.Receipt(replyId), stored.Reply.ReceivedAt, DemoClose), CancellationToken.None);
        var again = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (again.Received, again.Sent, again.Dropped));
        Assert.Equal(3, (await mailbox.WaitForAsync(4, TimeSpan.FromSeconds(3))).Count);
    }

    [Fact]
    public async Task A_late_reply_is_marked_late_in_the_secretariat_mail_and_the_receipt()
    {
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 29, 10, 0, 0, TimeSpan.Zero));
        await ReplyAsUsaAsync();

        await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        var mail = await mailbox.WaitForAsync(3);
        Assert.Equal("Late reply (3 days late): AL USA 2/2021 from United States of America", mail.Single(m => m.To.Contains(SecretariatMailbox)).Subject);
        Assert.Contains("It arrived 3 days after the window closed", await mailbox.PlainTextAsync(mail.Single(m => m.To.Contains("mission-usa@example.org")).Id));
    }

    [Fact]
    public async Task The_weekly_digest_lists_what_closes_within_7_days_what_closed_without_reply_and_dead_letters_once_a_week()
    {
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 22, 6, 0, 0, TimeSpan.Zero));
        await RegisterAsync("AL ROU 9/2021", "ROU", "2021-01-15");
        await RecordReplyAsync("al-gbr-1-2021", new DateTimeOffset(2021, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await Get<IReminderLog>().TryClaimAsync(new ReminderRecord("al-oth-1-2021", "14d", "facebook", ReminderState.DeadLettered, DemoClose.AddDays(-15), DemoClose,
            DemoClose.AddDays(-15), DemoClose.AddDays(-15), 3, "Attempt 3 of 3: SocketException: Connection refused", 0), CancellationToken.None);

        await Get<Notifications>().EnqueueWeeklyDigestAsync(CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(1));
        await Get<Notifications>().EnqueueWeeklyDigestAsync(CancellationToken.None);
        var result = await Get<ReminderDelivery>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (result.Received, result.Sent));
        var digest = Assert.Single(await mailbox.WaitForAsync(1));
        Assert.Equal([SecretariatMailbox], digest.To);
        Assert.Equal("Weekly digest, 22 – 28 March 2021", digest.Subject);
        var text = await mailbox.PlainTextAsync(digest.Id);
        Assert.Contains("Closing in the next 7 days (4):", text);
        Assert.Contains("- AL USA 2/2021 (United States of America):", text);
        Assert.Contains("- AL ROU 9/2021 (Romania):", text);
        Assert.Contains("- AL OTH 1/2021, reminder 14 days before the close (Facebook (Meta Platforms, Inc.)): Attempt 3 of 3: SocketException: Connection refused", text);
        Assert.Equal(ReminderState.Sent, (await Get<IReminderLog>().FindAsync(NotificationKinds.DigestSlug, "digest-2021-W12", CancellationToken.None))!.State);
    }
}
