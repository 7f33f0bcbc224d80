using ResponsePortal.DevHost.Demo;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Reminders;

/// <summary>End to end on the DevHost: its own routes, its dev clock, its trigger runner, the harness's Azurite and smtp4dev.</summary>
[Collection(Smtp4devCollection.Name)]
public sealed class DevHostReminderTests(Smtp4devMailbox mailbox) : PortalHarness
{
    [Fact]
    public async Task Moving_the_dev_clock_46_days_delivers_the_14_day_reminder_to_smtp4dev()
    {
        await mailbox.ClearAsync();
        var data = Directory.CreateTempSubdirectory("responseportal-reminders-");
        await using var host = await DevHostApp.StartAsync(new DevHostSettings
        {
            StorageConnectionString = Azurite.ConnectionString,
            Port = ChildProcess.FreePort(),
            DataDirectory = data.FullName,
            Clock = new DevClock(null, DemoCase.ClockStart),
            Tokens = Tokens,
            RunTriggers = false,
            StartSmtp4dev = false,
            SmtpPort = mailbox.SmtpPort,
        });
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        using var advanced = await http.PostAsync("/dev/clock/advance?days=46", null);

        Assert.Equal(System.Net.HttpStatusCode.OK, advanced.StatusCode);
        var mail = await mailbox.WaitForAsync(4);
        var usa = Assert.Single(mail, m => m.To.Contains("mission-usa@example.org"));
        Assert.Equal("Reminder: the reply to communication AL USA 2/2021 is due in 14 days", usa.Subject);
        Assert.Contains($"{host.BaseUrl}/letter.html?slug=al-usa-2-2021", await mailbox.PlainTextAsync(usa.Id));

        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor("usa"));
        var notices = await http.GetStringAsync("/api/me/notices");
        Assert.Contains("\"kind\":\"14d\"", notices);
        data.Delete(recursive: true);
    }
}
