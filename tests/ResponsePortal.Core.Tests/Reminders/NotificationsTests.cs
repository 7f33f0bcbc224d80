using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Reminders;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class NotificationsTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2021, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClosesAt = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);

    private readonly Mock<IReminderLog> _log = new(MockBehavior.Strict);
    private readonly Mock<IReminderTransport> _transport = new(MockBehavior.Strict);
    private readonly Mock<IReplyRepository> _replies = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(ReceivedAt);
    private readonly List<ReminderMessage> _sent = [];

    private Notifications Create(string? secretariatMailbox = "desk@example.org", string language = "en") => new(_log.Object, _transport.Object,
        Mock.Of<ICommunicationRepository>(c => c.ListAllAsync(It.IsAny<CancellationToken>()) == Task.FromResult<IReadOnlyList<Communication>>(Array.Empty<Communication>())),
        Mock.Of<IAddresseeRepository>(a => a.ListAsync(It.IsAny<CancellationToken>()) == Task.FromResult<IReadOnlyList<Addressee>>(Array.Empty<Addressee>())),
        _replies.Object, _clock, Options.Create(new ReminderOptions { SecretariatMailbox = secretariatMailbox, SecretariatLanguage = language }), Options.Create(new PortalOptions()), NullLogger<Notifications>.Instance);

    private static Reply Reply() => new("r1", "al-usa-2-2021", "USA", ReceivedAt, 0, null, "en", [], null, "rc1", "dev-usa-officer");

    private void Transport() => _transport.Setup(t => t.SendAsync(It.IsAny<ReminderMessage>(), It.IsAny<CancellationToken>()))
        .Callback<ReminderMessage, CancellationToken>((m, _) => _sent.Add(m)).Returns(Task.CompletedTask);

    private ReminderRecord Record(string kind, ReminderState state) => new("al-usa-2-2021", kind, "USA", state, ReceivedAt, ClosesAt, ReceivedAt, null, 0, null, 0);

    [Fact]
    public async Task A_reply_claims_and_hands_over_its_receipt_and_its_secretariat_mail()
    {
        _log.Setup(l => l.TryClaimAsync(It.IsAny<ReminderRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _log.Setup(l => l.FindAsync("al-usa-2-2021", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string kind, CancellationToken _) => Record(kind, ReminderState.Claimed));
        _log.Setup(l => l.TryUpdateAsync(It.Is<ReminderRecord>(r => r.State == ReminderState.Enqueued), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Transport();

        await Create().EnqueueForReplyAsync(Reply(), ClosesAt, default);

        Assert.Equal(["al-usa-2-2021|receipt-r1", "al-usa-2-2021|reply-r1"], _sent.Select(m => m.MessageId));
        Assert.All(_sent, m => Assert.Equal((ReceivedAt, ClosesAt), (m.DueAt, m.ClosesAt)));
        _log.Verify(l => l.TryUpdateAsync(It.Is<ReminderRecord>(r => r.State == ReminderState.Enqueued), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Theory]
    [InlineData(ReminderState.Enqueued)]
    [InlineData(ReminderState.Sent)]
    [InlineData(ReminderState.DeadLettered)]
    public async Task A_replay_after_the_hand_over_sends_nothing(ReminderState state)
    {
        _log.Setup(l => l.TryClaimAsync(It.IsAny<ReminderRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _log.Setup(l => l.FindAsync("al-usa-2-2021", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string kind, CancellationToken _) => Record(kind, state));

        await Create().EnqueueForReplyAsync(Reply(), ClosesAt, default);

        _transport.Verify(t => t.SendAsync(It.IsAny<ReminderMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_claim_left_by_a_run_that_stopped_before_sending_is_sent_by_the_replay()
    {
        _log.Setup(l => l.TryClaimAsync(It.IsAny<ReminderRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _log.Setup(l => l.FindAsync("al-usa-2-2021", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string kind, CancellationToken _) => Record(kind, ReminderState.Claimed));
        _log.Setup(l => l.TryUpdateAsync(It.IsAny<ReminderRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Transport();

        await Create().EnqueueForReplyAsync(Reply(), ClosesAt, default);

        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task The_digest_is_claimed_once_per_iso_week()
    {
        _clock.SetUtcNow(new DateTimeOffset(2021, 3, 22, 6, 0, 0, TimeSpan.Zero));
        _log.Setup(l => l.TryClaimAsync(It.Is<ReminderRecord>(r => r.Slug == NotificationKinds.DigestSlug && r.Kind == "digest-2021-W12" && r.AddresseeId == "secretariat"), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _log.Setup(l => l.FindAsync(NotificationKinds.DigestSlug, "digest-2021-W12", It.IsAny<CancellationToken>())).ReturnsAsync((ReminderRecord?)null);
        Transport();

        await Create().EnqueueWeeklyDigestAsync(default);

        Assert.Equal("weekly-digest|digest-2021-W12", Assert.Single(_sent).MessageId);
    }

    [Fact]
    public async Task Without_a_secretariat_mailbox_the_secretariat_mail_is_not_needed_and_says_why()
    {
        var composed = await Create(secretariatMailbox: null).ComposeAsync(
            new ReminderMessage(ReminderMessage.CurrentSchemaVersion, NotificationKinds.DigestSlug, "secretariat", "digest-2021-W12", ReceivedAt, ReceivedAt), default);

        Assert.Empty(composed.Emails);
        Assert.Equal("No secretariat mailbox is set (Reminders__SecretariatMailbox).", composed.NotNeededReason);
    }

    [Fact]
    public async Task A_digest_delivered_late_still_names_the_week_it_was_claimed_for_in_the_secretariats_language()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        _log.Setup(l => l.ListAsync(null, It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var composed = await Create(language: "es").ComposeAsync(
            new ReminderMessage(ReminderMessage.CurrentSchemaVersion, NotificationKinds.DigestSlug, "secretariat", "digest-2026-W49", ReceivedAt, ReceivedAt), default);

        Assert.Equal("Resumen semanal, 30 de noviembre – 6 de diciembre de 2026", Assert.Single(composed.Emails).Subject);
    }
}
