using Microsoft.Extensions.DependencyInjection;
using Moq;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Publication;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

public sealed class DeadlineSweepTests : ReminderHarness
{
    protected override int SmtpPort => 25;

    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task The_demo_window_gets_each_reminder_at_the_first_sweep_after_it_is_due_and_one_closure_at_the_close()
    {
        var sweeps = await SweepUntilAsync(new DateTimeOffset(2021, 3, 28, 0, 0, 0, TimeSpan.Zero), Quarter);

        // Due at the start (00:00 Geneva, 23:00Z in winter) of the day 30, 14, 7 and 1 days before the last day, 26 March.
        var expected = new (DateTimeOffset At, int Reminders, int Closures)[]
        {
            (new(2021, 2, 23, 23, 0, 0, TimeSpan.Zero), 4, 0),
            (new(2021, 3, 11, 23, 0, 0, TimeSpan.Zero), 4, 0),
            (new(2021, 3, 18, 23, 0, 0, TimeSpan.Zero), 4, 0),
            (new(2021, 3, 24, 23, 0, 0, TimeSpan.Zero), 4, 0),
            (new(2021, 3, 26, 23, 0, 0, TimeSpan.Zero), 0, 4),
        };
        Assert.Equal(expected, sweeps.Select(s => (s.At, s.Result.RemindersEnqueued, s.Result.ClosuresEnqueued)).ToArray());

        var reminders = await DrainRemindersAsync();
        Assert.Equal(16, reminders.Count);
        Assert.Equal(16, reminders.Select(r => r.MessageId).Distinct().Count());
        Assert.All(DemoSlugs, slug => Assert.Equal(["30d", "14d", "7d", "1d"], reminders.Where(r => r.Slug == slug).Select(r => r.Kind)));
        Assert.All(reminders, r => Assert.Equal(DemoClose, r.ClosesAt));

        var closures = await DrainPublishRequestsAsync();
        Assert.Equal(DemoSlugs.Order(), closures.Select(c => c.Slug).Order());
        Assert.All(closures, c => Assert.Equal(PublishReasons.WindowClosed, c.Reason));
        Assert.All(closures, c => Assert.Equal(new DateTimeOffset(2021, 3, 26, 23, 0, 0, TimeSpan.Zero), c.RequestedAt));
    }

    [Fact]
    public async Task No_reminder_follows_a_reply_but_the_window_still_closes()
    {
        var replyAt = new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero);
        await SweepUntilAsync(new DateTimeOffset(2021, 3, 28, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1),
            async now => { if (now == replyAt) await RecordReplyAsync("al-usa-2-2021", replyAt); });

        var usa = (await DrainRemindersAsync()).Where(r => r.Slug == "al-usa-2-2021").Select(r => r.Kind).ToList();
        Assert.Equal(["30d"], usa);
        var log = await Get<IReminderLog>().ListAsync("al-usa-2-2021", CancellationToken.None);
        Assert.Equal(
            [("30d", ReminderState.Enqueued), ("14d", ReminderState.NotNeeded), ("7d", ReminderState.NotNeeded), ("1d", ReminderState.NotNeeded), ("closure", ReminderState.Enqueued)],
            log.Select(r => (r.Kind, r.State)));
        Assert.Contains(await DrainPublishRequestsAsync(), p => p.Slug == "al-usa-2-2021");
    }

    [Fact]
    public async Task A_window_across_the_march_daylight_saving_change_keeps_its_reminders_at_midnight_in_geneva()
    {
        // Sent on 20 February 2021, 60 days: the last day is 21 April, after clocks go forward on 28 March.
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 20, 9, 0, 0, TimeSpan.Zero));
        await RegisterAsync("AL ROU 9/2021", "ROU", "2021-02-20");

        await SweepUntilAsync(new DateTimeOffset(2021, 4, 23, 0, 0, 0, TimeSpan.Zero), Quarter);

        var log = await Get<IReminderLog>().ListAsync("al-rou-9-2021", CancellationToken.None);
        Assert.Equal(
            [
                ("30d", new DateTimeOffset(2021, 3, 21, 23, 0, 0, TimeSpan.Zero)),    // 00:00 CET on 22 March, before the change
                ("14d", new DateTimeOffset(2021, 4, 6, 22, 0, 0, TimeSpan.Zero)),     // 00:00 CEST on 7 April, after it
                ("7d", new DateTimeOffset(2021, 4, 13, 22, 0, 0, TimeSpan.Zero)),
                ("1d", new DateTimeOffset(2021, 4, 19, 22, 0, 0, TimeSpan.Zero)),
                ("closure", new DateTimeOffset(2021, 4, 21, 22, 0, 0, TimeSpan.Zero)), // closes 23:59:59.999 CEST = 21:59:59.999Z
            ],
            log.Select(r => (r.Kind, r.ClaimedAt)));
        Assert.Equal(
            [new DateTimeOffset(2021, 3, 21, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 4, 6, 22, 0, 0, TimeSpan.Zero)],
            log.Take(2).Select(r => r.DueAt));
        var reminders = (await DrainRemindersAsync()).Where(r => r.Slug == "al-rou-9-2021").ToList();
        Assert.Equal(["30d", "14d", "7d", "1d"], reminders.Select(r => r.Kind));
        Assert.Equal(new DateTimeOffset(2021, 4, 21, 21, 59, 59, 999, TimeSpan.Zero), reminders[0].ClosesAt);
    }

    [Fact]
    public async Task A_sweep_that_was_down_catches_up_and_records_the_stale_reminder_as_skipped()
    {
        var sweep = Get<DeadlineSweep>();
        await sweep.RunAsync(CancellationToken.None);

        // Down from 25 January to 13 March: the 30-day and the 14-day reminders both fell due meanwhile.
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 13, 9, 0, 0, TimeSpan.Zero));
        var result = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal((4, 4, 0), (result.RemindersEnqueued, result.Skipped, result.ClosuresEnqueued));
        Assert.All(await DrainRemindersAsync(), r => Assert.Equal("14d", r.Kind));
        var thirty = await Get<IReminderLog>().FindAsync("al-usa-2-2021", "30d", CancellationToken.None);
        Assert.Equal(ReminderState.Skipped, thirty!.State);
        Assert.Equal("The 14d reminder was already due when the sweep reached this one.", thirty.Reason);
        var events = await Get<ResponsePortal.Audit.IEventLog>().ListAsync("al-usa-2-2021", CancellationToken.None);
        Assert.Contains(events, e => e.Kind == ReminderEvents.Skipped && e.Data["kind"] == "30d");
    }

    [Fact]
    public async Task A_sweep_down_past_the_close_sends_no_reminder_and_closes_the_window()
    {
        await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 30, 9, 0, 0, TimeSpan.Zero));

        var result = await Get<DeadlineSweep>().RunAsync(CancellationToken.None);

        Assert.Equal((0, 16, 4), (result.RemindersEnqueued, result.Skipped, result.ClosuresEnqueued));
    }

    [Fact]
    public async Task Two_sweeps_at_once_hand_over_each_reminder_and_closure_exactly_once_in_100_rounds()
    {
        var first = ActivatorUtilities.CreateInstance<DeadlineSweep>(Services);
        var second = ActivatorUtilities.CreateInstance<DeadlineSweep>(Services);
        var step = (new DateTimeOffset(2021, 3, 28, 0, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow()) / 100;

        int enqueued = 0, closures = 0;
        for (int round = 0; round < 100; round++)
        {
            Clock.Advance(step);
            var results = await Task.WhenAll(Task.Run(() => first.RunAsync(CancellationToken.None)), Task.Run(() => second.RunAsync(CancellationToken.None)));
            enqueued += results.Sum(r => r.RemindersEnqueued);
            closures += results.Sum(r => r.ClosuresEnqueued);
        }

        var reminders = await DrainRemindersAsync();
        Assert.Equal((16, 4), (enqueued, closures));
        Assert.Equal(16, reminders.Count);
        Assert.Equal(16, reminders.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal(4, (await DrainPublishRequestsAsync()).Count);
    }

    [Fact]
    public async Task The_first_sweep_writes_the_schedule_of_letters_registered_before_reminders_existed()
    {
        var schedule = Get<global::Azure.Data.Tables.TableServiceClient>().GetTableClient(ResponsePortal.Azure.Reminders.ReminderStorage.ScheduleTable);
        await foreach (var entity in schedule.QueryAsync<global::Azure.Data.Tables.TableEntity>())
        {
            await schedule.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
        }
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 23, 23, 30, 0, TimeSpan.Zero));

        var result = await Get<DeadlineSweep>().RunAsync(CancellationToken.None);

        Assert.Equal(4, result.RemindersEnqueued);
    }

    [Fact]
    public async Task A_failed_hand_over_releases_the_claim_keeps_the_checkpoint_and_the_next_sweep_sends_the_reminder()
    {
        await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        var checkpoint = await Get<ISweepCheckpoint>().ReadAsync(CancellationToken.None);
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 24, 8, 0, 0, TimeSpan.Zero));
        var down = new Mock<IReminderTransport>();
        down.Setup(t => t.SendAsync(It.IsAny<ReminderMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("queue unavailable"));
        var broken = ActivatorUtilities.CreateInstance<DeadlineSweep>(Services, down.Object);

        await Assert.ThrowsAsync<IOException>(() => broken.RunAsync(CancellationToken.None));

        Assert.Equal(checkpoint, await Get<ISweepCheckpoint>().ReadAsync(CancellationToken.None));
        Assert.Empty(await Get<IReminderLog>().ListAsync(null, CancellationToken.None));
        var result = await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Assert.Equal(4, result.RemindersEnqueued);
        Assert.Equal(4, (await DrainRemindersAsync()).Count);
    }

    [Fact]
    public async Task A_claim_left_by_a_sweep_that_died_is_taken_over_after_the_lease()
    {
        await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 24, 8, 0, 0, TimeSpan.Zero));
        var dueAt = new DateTimeOffset(2021, 2, 23, 23, 0, 0, TimeSpan.Zero);
        await Get<IReminderLog>().TryClaimAsync(new ReminderRecord("al-usa-2-2021", "30d", "USA", ReminderState.Claimed, dueAt, DemoClose,
            Clock.GetUtcNow() - DeadlineSweep.ClaimLease - TimeSpan.FromMinutes(1), null, 0, null, 0), CancellationToken.None);

        var result = await Get<DeadlineSweep>().RunAsync(CancellationToken.None);

        Assert.Equal(4, result.RemindersEnqueued);
        Assert.Equal(ReminderState.Enqueued, (await Get<IReminderLog>().FindAsync("al-usa-2-2021", "30d", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_live_claim_of_another_sweep_is_left_alone()
    {
        await Get<DeadlineSweep>().RunAsync(CancellationToken.None);
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 24, 8, 0, 0, TimeSpan.Zero));
        await Get<IReminderLog>().TryClaimAsync(new ReminderRecord("al-usa-2-2021", "30d", "USA", ReminderState.Claimed,
            new DateTimeOffset(2021, 2, 23, 23, 0, 0, TimeSpan.Zero), DemoClose, Clock.GetUtcNow().AddMinutes(-1), null, 0, null, 0), CancellationToken.None);

        var result = await Get<DeadlineSweep>().RunAsync(CancellationToken.None);

        Assert.Equal((3, 1), (result.RemindersEnqueued, result.ClaimedElsewhere));
    }

    private async Task RegisterAsync(string reference, string addresseeId, string sentOn)
    {
        var outcome = await Get<CommunicationRegistration>().RegisterAsync(Caller.Secretariat("test", "Test"), new CommunicationDraft
        {
            Reference = reference,
            AddresseeId = addresseeId,
            Subject = "A letter whose window crosses the change to summer time",
            Summary = "Test letter.",
            Mandates = ["Special Rapporteur on testing"],
            SentOn = sentOn,
            ReplyWindowDays = 60,
        }, new FileUpload("letter.pdf", Pdf().Length, new MemoryStream(Pdf())), null, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }
}
