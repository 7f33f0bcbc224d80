using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Addressee;

/// <summary>Journeys 2 (what the USA persona sees), 3 (Romania cannot reach the USA letter) and 6 (HTML shows as text).</summary>
public sealed class AddresseeJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Usa_persona_sees_only_its_own_letters_with_phase_and_countdown()
    {
        await using var tab = await portal.OpenAsync(nameof(Usa_persona_sees_only_its_own_letters_with_phase_and_countdown));

        await tab.SignInAsync("usa");
        await tab.ScreenshotAsync("my-letters");

        var slugs = await tab.Page.Locator("tr[data-slug]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.slug)");
        Assert.Contains("al-usa-2-2021", slugs);
        Assert.All(slugs, slug => Assert.StartsWith("al-usa-", slug));
        var row = tab.Page.Locator("tr[data-slug='al-usa-2-2021']");
        await Assertions.Expect(row).ToContainTextAsync("Awaiting reply");
        // The demo clock starts at 2021-01-25T08:00Z; the window closes 2021-03-26T22:59:59.999Z.
        await Assertions.Expect(row.Locator(".countdown")).ToHaveTextAsync("60 days 14 hours left");
        await Assertions.Expect(row).ToContainTextAsync("March 26, 2021");
        await Assertions.Expect(row).ToContainTextAsync("Geneva: March 26, 2021 at 11:59");
    }

    [Fact]
    public async Task Usa_persona_reads_its_letter_in_both_time_zones_and_downloads_it()
    {
        await using var tab = await portal.OpenAsync(nameof(Usa_persona_reads_its_letter_in_both_time_zones_and_downloads_it), timezoneId: "Asia/Tokyo");
        await tab.SignInAsync("usa");

        await tab.Page.ClickAsync("a[href='letter.html?slug=al-usa-2-2021']");
        await tab.ReadyAsync();
        await tab.ScreenshotAsync("letter");

        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("AL USA 2/2021");
        var facts = tab.Page.Locator("dl.facts");
        await Assertions.Expect(facts).ToContainTextAsync("March 27, 2021 at 7:59 AM (Asia/Tokyo)");
        await Assertions.Expect(facts).ToContainTextAsync("March 26, 2021 at 11:59 PM");
        await Assertions.Expect(tab.Page.Locator("#reply-form input[type=file]")).ToBeVisibleAsync();
        var download = await tab.Page.RunAndWaitForDownloadAsync(() => tab.Page.ClickAsync("#download-letter"));
        Assert.Equal("al-usa-2-2021.docx", download.SuggestedFilename);
        // A Word document: its text is in word/document.xml inside the package.
        using var package = System.IO.Compression.ZipFile.OpenRead(await download.PathAsync());
        using var body = new StreamReader(package.GetEntry("word/document.xml")!.Open());
        Assert.Contains("Reference: AL USA 2/2021", await body.ReadToEndAsync());
    }

    [Fact]
    public async Task Romania_persona_cannot_reach_the_usa_letter_by_its_address()
    {
        await using var tab = await portal.OpenAsync(nameof(Romania_persona_cannot_reach_the_usa_letter_by_its_address));
        await tab.SignInAsync("romania");

        await tab.GotoAsync("/letter.html?slug=al-usa-2-2021");
        await tab.ScreenshotAsync("not-found");

        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("Letter not found");
        await Assertions.Expect(tab.Page.Locator("#status")).ToContainTextAsync("There is no letter with this address");
        Assert.Equal(0, await tab.Page.Locator("#reply-form").CountAsync());
        Assert.Equal(0, await tab.Page.GetByText("Sexual abuse images").CountAsync());
    }

    [Fact]
    public async Task Romania_persona_lists_only_the_romanian_letter()
    {
        await using var tab = await portal.OpenAsync(nameof(Romania_persona_lists_only_the_romanian_letter));

        await tab.SignInAsync("romania");

        var slugs = await tab.Page.Locator("tr[data-slug]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.slug)");
        Assert.Equal(["al-rou-1-2021"], slugs);
    }

    [Fact]
    public async Task A_subject_written_as_html_shows_as_text_and_never_runs()
    {
        const string subject = "<script>alert(1)</script><img src=x onerror=alert(2)> Subject";
        await portal.RegisterCommunicationAsync("AL USA 9/2021", "USA", subject);
        await using var tab = await portal.OpenAsync(nameof(A_subject_written_as_html_shows_as_text_and_never_runs));
        var dialogs = new List<string>();
        tab.Page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };

        await tab.SignInAsync("usa");
        var row = tab.Page.Locator("tr[data-slug='al-usa-9-2021']");
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(subject);
        await tab.ScreenshotAsync("list");
        await tab.GotoAsync("/letter.html?slug=al-usa-9-2021");
        await Assertions.Expect(tab.Page.Locator("dl.facts")).ToContainTextAsync(subject);
        await tab.ScreenshotAsync("letter");

        Assert.Empty(dialogs);
        Assert.Equal(0, await tab.Page.Locator("main img, main script").CountAsync());
    }
}
