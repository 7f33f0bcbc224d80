using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// Journey 5: after the close, Romania replies late through the portal; the reply is marked late there and, once the
/// publisher has run the late-reply job, on the public page. A class of its own: journey 4 needs Romania without a reply.
/// </summary>
public sealed class LateReplyJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_late_reply_from_romania_is_accepted_and_shown_late()
    {
        await portal.MoveClockPastTheCloseAsync();
        await using var tab = await portal.OpenAsync(nameof(A_late_reply_from_romania_is_accepted_and_shown_late));
        await tab.SignInAsync("romania");
        await tab.GotoAsync("/letter.html?slug=al-rou-1-2021");

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("romania-late-reply.pdf", "Late reply of Romania"));
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-result")).ToContainTextAsync("Your reply was received");
        await Assertions.Expect(tab.Page.Locator("#my-replies")).ToContainTextAsync("Late by 2 days");
        await tab.ScreenshotAsync("late-reply");

        await portal.RunQueuesAsync();
        await tab.Page.GotoAsync("/site/c/al-rou-1-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("romania-late-reply.pdf");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("Late by 2 days");
        await tab.ScreenshotAsync("public-late");
    }
}
