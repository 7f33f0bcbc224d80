using System.Net.Http.Headers;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// A confidentiality request still open at publication holds the reply back; the secretariat's decision on the
/// requests page republishes the letter, and the public page then shows the placeholder instead of the reply.
/// </summary>
public sealed class ConfidentialityRepublicationJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private async Task ReplyWithConfidentialityRequestAsync()
    {
        using var api = portal.Api("usa");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestFiles.Pdf("Reply naming the victims"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", "usa-confidential-reply.pdf");
        form.Add(new StringContent("privacy-of-victims"), "confidentialityCategory");
        form.Add(new StringContent("The reply names the victims."), "confidentialityReason");
        var response = await api.PostAsync("api/me/communications/al-usa-2-2021/replies", form);
        Assert.True(response.IsSuccessStatusCode, $"Reply failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Accepting_a_request_after_publication_shows_a_placeholder_in_words_and_reversing_it_is_confirmed_and_audited()
    {
        await portal.MoveClockPastTheCloseAsync(ReplyWithConfidentialityRequestAsync);
        await using var tab = await portal.OpenAsync(nameof(Accepting_a_request_after_publication_shows_a_placeholder_in_words_and_reversing_it_is_confirmed_and_audited));
        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("held back while the secretariat decides");
        await Assertions.Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("usa-confidential-reply.pdf");
        await tab.ScreenshotAsync("public-held-back");

        await tab.SignInAsync("secretariat");
        await tab.GotoAsync("/confidentiality.html");
        var request = tab.Page.Locator("article", new PageLocatorOptions { HasText = "AL USA 2/2021" });
        await Assertions.Expect(request).ToContainTextAsync("already public");
        await request.Locator("select[name=decision]").SelectOptionAsync("accepted");
        await request.Locator("textarea[name=note]").FillAsync("The victims are minors.");
        await request.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(request.Locator(".decision-confirm")).ToContainTextAsync("Privacy of victims");
        await Assertions.Expect(request.Locator(".decision-confirm")).ToContainTextAsync("the public site changes as soon as you confirm");
        await tab.ScreenshotAsync("confirm-decision");
        await request.Locator("button.confirm-decision").ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#content")).ToContainTextAsync("No confidentiality request is waiting");

        await portal.RunQueuesAsync();
        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("accepted the addressee's request to keep it confidential");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("Privacy of victims");
        await Assertions.Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("privacy-of-victims");
        await Assertions.Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("usa-confidential-reply.pdf");
        await tab.ScreenshotAsync("public-placeholder");
        await tab.Page.GotoAsync("/site/fr/c/al-usa-2-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("Vie privée des victimes");

        // Reversing it on the published letter: a reason is asked for, the decision confirmed, and the trail keeps both.
        await tab.GotoAsync("/communication.html?slug=al-usa-2-2021");
        var reply = tab.Page.Locator("#replies article", new PageLocatorOptions { HasText = "usa-confidential-reply.pdf" });
        await reply.Locator("details.reverse summary").ClickAsync();
        await reply.Locator("details.reverse select[name=decision]").SelectOptionAsync("refused");
        await reply.Locator("details.reverse textarea[name=note]").FillAsync("The families agreed to publication.");
        await reply.Locator("details.reverse button[type=submit]").ClickAsync();
        await Assertions.Expect(reply.Locator(".decision-confirm")).ToContainTextAsync("publish this reply");
        await reply.Locator("button.confirm-decision").ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#replies")).ToContainTextAsync("The families agreed to publication.");
        var trail = await portal.GetJsonAsync("secretariat", "api/communications/al-usa-2-2021/events");
        var reversal = trail.EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "confidentiality-decided");
        Assert.Equal("accepted", reversal.GetProperty("data").GetProperty("reverses").GetString());
        await tab.AssertAccessibleAsync();
    }
}
