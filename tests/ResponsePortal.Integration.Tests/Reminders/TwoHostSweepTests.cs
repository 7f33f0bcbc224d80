using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Integration.Tests.Harness;
using Xunit.Abstractions;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>
/// Two DevHost processes on one storage account, each mailing through its own SMTP server, with the same clock:
/// every sweep of one host races the other's, as two Functions instances would. A reminder must reach its contact
/// once, whichever host claimed it.
/// </summary>
public sealed partial class TwoHostSweepTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Contacts = ["mission-usa@example.org", "mission-romania@example.org", "mission-uk@example.org", "legal-facebook@example.org"];

    private readonly string _root = Directory.CreateTempSubdirectory("rp-two-hosts-").FullName;
    private readonly Smtp4devMailbox _mailA = new();
    private readonly Smtp4devMailbox _mailB = new();
    private LocalAzurite _azurite = null!;
    private DevHostProcess _hostA = null!;
    private DevHostProcess _hostB = null!;

    public async Task InitializeAsync()
    {
        _azurite = await LocalAzurite.StartInMemoryAsync();
        await Task.WhenAll(_mailA.InitializeAsync(), _mailB.InitializeAsync());
        var dataA = Path.Combine(_root, "a");
        var dataB = Path.Combine(_root, "b");
        // Host A loads the demo case and starts its clock on the demo's first morning; host B starts with the very
        // same clock offset (the dev clock keeps it in its data folder), so both see the same instant.
        _hostA = await DevHostProcess.StartAsync(_azurite.ConnectionString, dataA, _mailA.SmtpPort);
        Directory.CreateDirectory(dataB);
        File.Copy(Path.Combine(dataA, "dev-clock-offset.txt"), Path.Combine(dataB, "dev-clock-offset.txt"));
        _hostB = await DevHostProcess.StartAsync(_azurite.ConnectionString, dataB, _mailB.SmtpPort);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _hostA, _hostB })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
        await _mailA.DisposeAsync();
        await _mailB.DisposeAsync();
        await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping process; the temp folder is cleaned by the system later.
        }
    }

    [Fact]
    public async Task Two_hosts_sweeping_the_same_due_reminders_send_each_reminder_exactly_once_across_both_mail_servers()
    {
        // Both hosts move their clocks 46 days at once: each sweeps, hands over and delivers the 14-day reminders.
        var advanced = await Task.WhenAll(_hostA.Http.PostAsync("/dev/clock/advance?days=46", null), _hostB.Http.PostAsync("/dev/clock/advance?days=46", null));
        Assert.All(advanced, a => a.EnsureSuccessStatusCode());

        // Whether those two sweeps overlapped is up to the scheduler. Make sure both hosts sweep the same due items:
        // rewind the shared checkpoint before each host's sweep, exactly what a host sees that read the checkpoint
        // just before the other moved it on.
        foreach (var host in new[] { _hostB, _hostA })
        {
            await RewindSweepCheckpointAsync(TimeSpan.FromDays(3));
            using var swept = await host.Http.PostAsync("/dev/timers/DeadlineSweep/run", null);
            swept.EnsureSuccessStatusCode();
        }
        // Both hosts deliver from the shared queue at once, twice: nothing left over may be mailed again.
        for (int round = 0; round < 2; round++)
        {
            var delivered = await Task.WhenAll(_hostA.Http.PostAsync("/dev/timers/DeliverReminders/run", null), _hostB.Http.PostAsync("/dev/timers/DeliverReminders/run", null));
            Assert.All(delivered, d => d.EnsureSuccessStatusCode());
        }

        var mail = await AllMailAsync(Contacts.Length);
        output.WriteLine($"Host A's mail server: {mail.Count(m => m.Server == "A")} messages, host B's: {mail.Count(m => m.Server == "B")}");
        foreach (var contact in Contacts)
        {
            var received = mail.Where(m => m.Mail.To.Contains(contact)).ToList();
            var one = Assert.Single(received);
            Assert.StartsWith("Reminder: the reply to communication", one.Mail.Subject);
            Assert.EndsWith("is due in 14 days", one.Mail.Subject);
        }
        // The secretariat's weekly digest goes the same way when the moved clock passes a Monday (one per week: its
        // exactly-once is NotificationDeliveryTests' business); every mail to a contact was a reminder, none twice.
        var reminders = mail.Where(m => m.Mail.Subject.StartsWith("Reminder:", StringComparison.Ordinal)).ToList();
        output.WriteLine("Other mails: " + string.Join("; ", mail.Except(reminders).Select(m => $"{m.Server} {m.Mail.Subject} to {string.Join(",", m.Mail.To)}")));
        Assert.Equal(Contacts.Length, reminders.Count);
        Assert.All(mail.Except(reminders), m => Assert.DoesNotContain(m.Mail.To, to => Contacts.Contains(to)));

        // Both hosts really swept these items: each logged a sweep that saw all four due reminders.
        foreach (var (name, host) in new[] { ("A", _hostA), ("B", _hostB) })
        {
            var sweeps = host.Log.Select(line => SweepLine().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups["due"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            output.WriteLine($"Host {name} sweeps saw {string.Join(", ", sweeps)} due items");
            Assert.Contains(sweeps, due => due >= Contacts.Length);
        }
    }

    [GeneratedRegex(@"Deadline sweep .* to .*: (?<due>\d+) due")]
    private static partial Regex SweepLine();

    private async Task RewindSweepCheckpointAsync(TimeSpan by)
    {
        var checkpoints = new TableClient(_azurite.ConnectionString, ReminderStorage.CheckpointsTable);
        var (partitionKey, rowKey) = ReminderStorage.Checkpoint(TableSweepCheckpoint.DeadlineSweep);
        var current = await checkpoints.GetEntityAsync<TableEntity>(partitionKey, rowKey);
        var sweptUntil = current.Value.GetDateTimeOffset("SweptUntil")!.Value;
        current.Value["SweptUntil"] = sweptUntil - by;
        await checkpoints.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace);
    }

    /// <summary>
    /// The deliveries above returned after their SMTP exchanges; smtp4dev lists a message a moment later. Waits until
    /// the expected count of reminders is there, then a little longer so a duplicate would show too.
    /// </summary>
    private async Task<List<(string Server, MailSummary Mail)>> AllMailAsync(int expected)
    {
        var clock = Stopwatch.StartNew();
        List<(string, MailSummary)> all;
        TimeSpan? reachedAt = null;
        while (true)
        {
            all = (await _mailA.ListAsync()).Select(m => ("A", m)).Concat((await _mailB.ListAsync()).Select(m => ("B", m))).ToList();
            var reminders = all.Count(m => m.Item2.Subject.StartsWith("Reminder:", StringComparison.Ordinal));
            if (reminders >= expected)
            {
                reachedAt ??= clock.Elapsed;
            }
            if (reminders > expected || (reachedAt is { } at && clock.Elapsed - at > TimeSpan.FromSeconds(3)) || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return all;
            }
            await Task.Delay(100);
        }
    }
}
