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
    public async Task Accepting_a_request_after_publication_replaces_the_held_back_reply_with_a_placeholder()
    {
        await portal.MoveClockPastTheCloseAsync(ReplyWithConfidentialityRequestAsync);
        await using var tab = await portal.OpenAsync(nameof(Accepting_a_request_after_publication_replaces_the_held_back_reply_with_a_placeholder));
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
        await Assertions.Expect(tab.Page.Locator("#content")).ToContainTextAsync("No confidentiality request is waiting");

        await portal.RunQueuesAsync();
        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("accepted the addressee's request to keep it confidential");
        await Assertions.Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("usa-confidential-reply.pdf");
        await tab.ScreenshotAsync("public-placeholder");
    }
}
