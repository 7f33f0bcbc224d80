using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// Journeys 4 and 5: after the dev clock moves past the close, the public site shows the USA letter with its reply and
/// Romania's with none; a late reply appears marked late. These need the replies (issue 3), reminders/sweep (issue 4)
/// and public site (issue 5) merges; the site selectors follow issue 5's markup and may need adjusting to it.
/// </summary>
public sealed class PublicationJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly DateTimeOffset Close = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);

    private async Task ReplyAsync(string persona, string slug, string fileName)
    {
        using var api = portal.Api(persona);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestFiles.Pdf("Reply " + fileName));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", fileName);
        form.Add(new StringContent("en"), "language");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/me/communications/{slug}/replies") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"Reply to {slug} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task MoveClockPastTheCloseAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        var now = JsonDocument.Parse(await http.GetStringAsync("dev/clock")).RootElement.GetProperty("now").GetDateTimeOffset();
        if (now <= Close)
        {
            var days = Math.Ceiling((Close - now).TotalDays) + 1;
            (await http.PostAsync($"dev/clock/advance?days={days}", null)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Publication runs from a queue after the sweep; wait (bounded) until the public page says what we expect.</summary>
    private async Task<string> WaitForSiteAsync(string path, string expected)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var body = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync(path);
            body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && body.Contains(expected, StringComparison.Ordinal))
            {
                return body;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"The public site never showed \"{expected}\" at /{path} within 60 s. Last answer: {body[..Math.Min(body.Length, 500)]}");
        return body;
    }

    [Fact]
    public async Task After_the_close_the_public_site_shows_the_usa_letter_with_its_reply_and_romania_without_one()
    {
        await ReplyAsync("usa", "al-usa-2-2021", "usa-reply.pdf");
        await MoveClockPastTheCloseAsync();
        await WaitForSiteAsync("site/", "AL ROU 1/2021");
        await using var tab = await portal.OpenAsync(nameof(After_the_close_the_public_site_shows_the_usa_letter_with_its_reply_and_romania_without_one));

        await tab.Page.GotoAsync("/site/");
        await tab.ScreenshotAsync("home");
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "AL USA 2/2021" }).First.ClickAsync();
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("usa-reply.pdf");
        await tab.ScreenshotAsync("usa");
        await tab.AssertAccessibleAsync();
        await tab.Page.GotoAsync("/site/");
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "AL ROU 1/2021" }).First.ClickAsync();
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("No reply");
        await tab.ScreenshotAsync("romania");

        await tab.Page.GotoAsync("/site/");
        var search = tab.Page.GetByRole(AriaRole.Searchbox).First;
        await search.FillAsync("Romania");
        await search.PressAsync("Enter");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("AL ROU 1/2021");
        await tab.ScreenshotAsync("search");
    }

    [Fact]
    public async Task A_late_reply_from_romania_is_accepted_and_shown_late()
    {
        await MoveClockPastTheCloseAsync();
        await using var tab = await portal.OpenAsync(nameof(A_late_reply_from_romania_is_accepted_and_shown_late));
        await tab.SignInAsync("romania");
        await tab.GotoAsync("/letter.html?slug=al-rou-1-2021");

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("romania-late-reply.pdf", "Late reply of Romania"));
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-result")).ToContainTextAsync("Your reply was received");
        await Assertions.Expect(tab.Page.Locator("#my-replies")).ToContainTextAsync("Late by");
        await tab.ScreenshotAsync("late-reply");

        await WaitForSiteAsync("site/", "AL ROU 1/2021");
        await tab.Page.GotoAsync("/site/");
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "AL ROU 1/2021" }).First.ClickAsync();
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("romania-late-reply.pdf");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("late", new LocatorAssertionsToContainTextOptions { IgnoreCase = true });
        await tab.ScreenshotAsync("public-late");
    }
}
