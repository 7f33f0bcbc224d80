using System.Text.Json;
using Azure.Storage.Queues;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.Communications;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Publication;
using ResponsePortal.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>The portal harness with the demo case, reminder settings and helpers to drive sweeps through time.</summary>
public abstract class ReminderHarness : PortalHarness
{
    public const int MaxDeliveryCount = 3;

    /// <summary>The SMTP port reminders are sent to; a test class points it at smtp4dev or at a closed port.</summary>
    protected abstract int SmtpPort { get; }

    protected virtual bool SeedDemo => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:TimeoutSeconds"] = "5",
        ["Reminders:MaxDeliveryCount"] = MaxDeliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:PortalBaseUrl"] = "https://portal.example.org",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (SeedDemo)
        {
            await this.SeedDemoAsync();
        }
    }

    /// <summary>The demo's four letters close at the end of 26 March 2021 in Geneva.</summary>
    public static readonly DateTimeOffset DemoClose = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);

    public static readonly string[] DemoSlugs = ["al-usa-2-2021", "al-rou-1-2021", "al-gbr-1-2021", "al-oth-1-2021"];

    /// <summary>Moves the clock by <paramref name="step"/> and sweeps, until <paramref name="until"/>; returns each sweep that did something.</summary>
    public async Task<List<(DateTimeOffset At, SweepResult Result)>> SweepUntilAsync(DateTimeOffset until, TimeSpan step, Func<DateTimeOffset, Task>? beforeSweep = null)
    {
        var sweep = Get<DeadlineSweep>();
        var log = new List<(DateTimeOffset, SweepResult)>();
        while (Clock.GetUtcNow() + step <= until)
        {
            Clock.Advance(step);
            if (beforeSweep is not null)
            {
                await beforeSweep(Clock.GetUtcNow());
            }
            var result = await sweep.RunAsync(CancellationToken.None);
            if (result.RemindersEnqueued + result.ClosuresEnqueued + result.Skipped + result.NotNeeded > 0)
            {
                log.Add((Clock.GetUtcNow(), result));
            }
        }
        return log;
    }

    public QueueClient Queue(string name) => Get<QueueServiceClient>().GetQueueClient(name);

    /// <summary>Takes every message off a queue (they stay hidden for a while), for counting.</summary>
    public async Task<List<string>> DrainAsync(string queueName)
    {
        var bodies = new List<string>();
        var queue = Queue(queueName);
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10))).Value;
            if (batch.Length == 0)
            {
                return bodies;
            }
            bodies.AddRange(batch.Select(m => m.Body.ToString()));
        }
    }

    public async Task<List<ReminderMessage>> DrainRemindersAsync()
        => (await DrainAsync("reminders")).Select(b => ReminderJson.Deserialize(b).Message!).ToList();

    public async Task<List<PublishRequest>> DrainPublishRequestsAsync()
        => (await DrainAsync("publish")).Select(b => JsonSerializer.Deserialize<PublishRequest>(b, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();

    /// <summary>Records a reply on the aggregate, as the replies feature will (only its facts matter here).</summary>
    public async Task RecordReplyAsync(string slug, DateTimeOffset at)
    {
        var repository = Get<ICommunicationRepository>();
        var communication = await repository.FindAsync(slug, CancellationToken.None) ?? throw new InvalidOperationException(slug);
        communication.RecordReply(at);
        Assert.True(await repository.TryUpdateAsync(communication, CancellationToken.None));
    }
}
