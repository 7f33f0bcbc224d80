using System.Net.Http.Headers;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Secretariat;

/// <summary>
/// The secretariat's pages on the real monitoring and replies API: the dashboard from GET api/monitoring/summary, the
/// reminder log with a dead letter sent again, and a confidentiality request decided from the requests page.
/// </summary>
public sealed class MonitoringJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string UsaSlug = "al-usa-2-2021";

    private async Task<string> ReplyWithConfidentialityRequestAsync()
    {
        using var api = portal.Api("usa");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestFiles.Pdf("Reply naming the victims"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", "usa-confidential-reply.pdf");
        form.Add(new StringContent("privacy-of-victims"), "confidentialityCategory");
        form.Add(new StringContent("The reply names the victims."), "confidentialityReason");
        var response = await api.PostAsync($"api/me/communications/{UsaSlug}/replies", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Reply failed: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task AdvanceAsync(int days)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        (await http.PostAsync($"dev/clock/advance?days={days}", null)).EnsureSuccessStatusCode();
    }

    private async Task RunDeliveryAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        (await http.PostAsync("dev/timers/DeliverReminders/run", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Dashboard_reminder_log_and_confidentiality_requests_work_on_the_real_api()
    {
        // 31 days in: every demo letter closes within 30 days and its 30-day reminder is due. Mail cannot be
        // delivered (no mail server), so two delivery runs dead-letter the reminders.
        var replyId = await ReplyWithConfidentialityRequestAsync();
        await AdvanceAsync(31);
        await RunDeliveryAsync();
        await RunDeliveryAsync();
        await using var tab = await portal.OpenAsync(nameof(Dashboard_reminder_log_and_confidentiality_requests_work_on_the_real_api));
        await tab.SignInAsync("secretariat");

        var summary = await portal.GetJsonAsync("secretariat", "api/monitoring/summary");
        await Assertions.Expect(tab.Page.Locator("#closing-30 tbody tr")).ToHaveCountAsync(summary.GetProperty("closingIn30Days").GetArrayLength());
        await Assertions.Expect(tab.Page.Locator("#closing-30 tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(tab.Page.Locator("#rates tbody tr", new PageLocatorOptions { HasText = "United States of America" })).ToContainTextAsync("100 %");
        // Reminders that could not be delivered show on the dashboard too, by addressee name.
        var undelivered = tab.Page.Locator("#reminder-failures tbody tr");
        await Assertions.Expect(undelivered.Filter(new LocatorFilterOptions { HasText = "AL ROU 1/2021" })).ToContainTextAsync("Romania");
        // Its kind in words ("30 days before"), not the log's code ("30d").
        await Assertions.Expect(undelivered.Filter(new LocatorFilterOptions { HasText = "AL ROU 1/2021" })).ToContainTextAsync("30 days before");
        await Assertions.Expect(undelivered.Filter(new LocatorFilterOptions { HasText = "AL ROU 1/2021" }).Locator("td").Nth(1)).Not.ToHaveTextAsync("30d");
        await tab.ScreenshotAsync("dashboard");
        await tab.AssertAccessibleAsync();

        await tab.GotoAsync("/reminders.html");
        var dead = tab.Page.Locator("#dead-letters tbody tr", new PageLocatorOptions { HasText = "AL ROU 1/2021" });
        await Assertions.Expect(dead).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Page.Locator("#reminder-log")).ToContainTextAsync("Undeliverable");
        await tab.ScreenshotAsync("reminder-log");
        await tab.AssertAccessibleAsync();
        await dead.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#resend-result")).ToContainTextAsync("queued again");
        await Assertions.Expect(tab.Page.Locator("#dead-letters tbody tr", new PageLocatorOptions { HasText = "AL ROU 1/2021" })).ToHaveCountAsync(0);
        var log = await portal.GetJsonAsync("secretariat", "api/monitoring/reminders?slug=al-rou-1-2021&state=Enqueued");
        var resent = Assert.Single(log.GetProperty("records").EnumerateArray());
        Assert.Equal(1, resent.GetProperty("resends").GetInt32());
        await tab.ScreenshotAsync("resent");
        var stillDead = await tab.Page.Locator("#dead-letters tbody tr").CountAsync();
        Assert.True(stillDead > 1, $"the demo should leave several undelivered reminders, not {stillDead}");
        await tab.Page.ClickAsync("#resend-all");
        await Assertions.Expect(tab.Page.Locator("#resend-result")).ToContainTextAsync($"{stillDead} reminders sent again.");
        await Assertions.Expect(tab.Page.Locator("#dead-letters tbody tr")).ToHaveCountAsync(0);

        // One letter's entries only (the dashboard links the weekly digest's entries this way).
        await tab.GotoAsync("/reminders.html?slug=al-rou-1-2021");
        await Assertions.Expect(tab.Page.Locator("#only-slug")).ToContainTextAsync("AL ROU 1/2021");
        await Assertions.Expect(tab.Page.Locator("#reminder-log tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator("#reminder-log tbody tr").Filter(new LocatorFilterOptions { HasNotText = "AL ROU 1/2021" })).ToHaveCountAsync(0);

        await tab.GotoAsync("/confidentiality.html");
        var request = tab.Page.Locator($"article[data-reply='{replyId}']");
        await Assertions.Expect(request).ToContainTextAsync("Privacy of victims");
        await Assertions.Expect(request).ToContainTextAsync("The reply names the victims.");
        await tab.ScreenshotAsync("confidentiality");
        await tab.AssertAccessibleAsync();
        await request.Locator("select[name=decision]").SelectOptionAsync("accepted");
        await request.Locator("textarea[name=note]").FillAsync("The victims are minors.");
        await request.GetByRole(AriaRole.Button).ClickAsync();
        await request.Locator("button.confirm-decision").ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#content")).ToContainTextAsync("No confidentiality request is waiting");
        var reply = await portal.GetJsonAsync("secretariat", $"api/communications/{UsaSlug}/replies/{replyId}");
        Assert.Equal("accepted", reply.GetProperty("confidentiality").GetProperty("status").GetString());
        Assert.Equal("The victims are minors.", reply.GetProperty("confidentiality").GetProperty("decision").GetProperty("note").GetString());

        await tab.GotoAsync($"/communication.html?slug={UsaSlug}");
        await Assertions.Expect(tab.Page.Locator($"#replies [data-reply='{replyId}']")).ToContainTextAsync("Keep the reply confidential");
        await tab.ScreenshotAsync("communication");
    }
}
