using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Reminders;

/// <summary>A ministry's adviser gets the 14-day reminder, follows its link while signed out, signs in and is on the letter.</summary>
public sealed partial class ReminderMailLinkTests(PortalWithMailFixture portal) : IClassFixture<PortalWithMailFixture>
{
    [Fact]
    public async Task The_link_in_a_reminder_mail_leads_to_the_letter_after_sign_in()
    {
        using (var clock = await new HttpClient().PostAsync(portal.BaseUrl + "/dev/clock/advance?days=46", null))
        {
            Assert.True(clock.IsSuccessStatusCode, $"advancing the dev clock answered {(int)clock.StatusCode}");
        }
        var text = await ReminderTextForAsync("mission-usa@example.org");
        var link = LinkPattern().Match(text);
        Assert.True(link.Success, "the reminder mail holds no link into the portal:\n" + text);
        Assert.Equal($"{portal.BaseUrl}/letter.html?slug=al-usa-2-2021", link.Value);

        await using var tab = await portal.OpenAsync(nameof(The_link_in_a_reminder_mail_leads_to_the_letter_after_sign_in));
        await tab.Page.GotoAsync(link.Value);
        await tab.Page.WaitForURLAsync(url => url.Contains("?return=", StringComparison.Ordinal));
        await tab.ReadyAsync();
        await tab.Page.ClickAsync("button[data-persona='usa']");
        await tab.Page.WaitForURLAsync(url => url.EndsWith("letter.html?slug=al-usa-2-2021", StringComparison.Ordinal));
        await tab.ReadyAsync();
        await tab.ScreenshotAsync("letter-from-mail");

        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("AL USA 2/2021");
    }

    /// <summary>The plain text of the first mail to the mailbox, read through smtp4dev's HTTP API as a person reads it.</summary>
    private async Task<string> ReminderTextForAsync(string mailbox)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.Mail!.WebUrl) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var list = JsonDocument.Parse(await http.GetStringAsync("/api/messages?pageSize=100"));
            var message = list.RootElement.GetProperty("results").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("to").EnumerateArray().Any(to => to.GetString()!.Contains(mailbox, StringComparison.OrdinalIgnoreCase)));
            if (message.ValueKind == JsonValueKind.Object)
            {
                return await http.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/plaintext");
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"no mail reached {mailbox} within 60 s");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"https?://\S+/letter\.html\?slug=[a-z0-9-]+")]
    private static partial Regex LinkPattern();
}
