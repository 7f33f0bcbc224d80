using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// Journey 4: the dev clock moves past the close; the public site (built by the publisher from the sweep's publish
/// jobs) shows the USA letter with its reply and Romania's with none, and search and filters find them.
/// </summary>
public sealed class PublicationJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task After_the_close_the_public_site_shows_the_usa_letter_with_its_reply_and_romania_without_one()
    {
        await portal.MoveClockPastTheCloseAsync(() => portal.ReplyAsync("usa", "al-usa-2-2021", "usa-reply.pdf"));
        await using var tab = await portal.OpenAsync(nameof(After_the_close_the_public_site_shows_the_usa_letter_with_its_reply_and_romania_without_one));

        await tab.Page.GotoAsync("/site/");
        await tab.ScreenshotAsync("home");
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "AL USA 2/2021" }).First.ClickAsync();
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("usa-reply.pdf");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("On time");
        await tab.ScreenshotAsync("usa");
        await tab.AssertAccessibleAsync();

        await tab.Page.GotoAsync("/site/");
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "AL ROU 1/2021" }).First.ClickAsync();
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("No reply");
        await Assertions.Expect(tab.Page.Locator("main")).Not.ToContainTextAsync(".pdf");
        await tab.ScreenshotAsync("romania");
    }

    [Fact]
    public async Task Search_and_filters_on_the_public_site_find_the_published_letters()
    {
        await portal.MoveClockPastTheCloseAsync(() => portal.ReplyAsync("usa", "al-usa-2-2021", "usa-reply.pdf"));
        await using var tab = await portal.OpenAsync(nameof(Search_and_filters_on_the_public_site_find_the_published_letters));
        await tab.Page.GotoAsync("/site/");
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Search", Exact = true }).First.ClickAsync();
        var results = tab.Page.Locator("#results");

        var words = tab.Page.GetByRole(AriaRole.Searchbox).First;
        await words.FillAsync("Romania");
        await words.PressAsync("Enter");
        // Every demo summary names Romania (the girls are from there): words find the letter, the filters narrow.
        await Assertions.Expect(results).ToContainTextAsync("AL ROU 1/2021");
        await Assertions.Expect(results).ToContainTextAsync("25 January 2021");
        await tab.ScreenshotAsync("search-words");

        await words.FillAsync("");
        await tab.Page.SelectOptionAsync("#reply", "received");
        await words.PressAsync("Enter");
        await Assertions.Expect(results).ToContainTextAsync("AL USA 2/2021");
        await Assertions.Expect(results).Not.ToContainTextAsync("AL ROU 1/2021");

        await tab.Page.SelectOptionAsync("#reply", "none");
        await tab.Page.SelectOptionAsync("#addressee", "ROU");
        await words.PressAsync("Enter");
        await Assertions.Expect(results).ToContainTextAsync("AL ROU 1/2021");
        await Assertions.Expect(results).Not.ToContainTextAsync("AL USA 2/2021");
        await tab.ScreenshotAsync("search-filters");
        await tab.AssertAccessibleAsync();
    }
}
