using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Reports;

/// <summary>
/// The secretariat prepares the report to the Human Rights Council in the portal (reports.html): creates the period,
/// previews the draft, finalises it; the report is then on the public site in three languages. axe-core checks the
/// portal page and every public report page.
/// </summary>
public sealed class ReportJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Secretariat_creates_previews_and_finalises_a_report_that_the_public_site_shows_accessibly_in_three_languages()
    {
        await using var tab = await portal.OpenAsync(nameof(Secretariat_creates_previews_and_finalises_a_report_that_the_public_site_shows_accessibly_in_three_languages));
        await tab.SignInAsync("secretariat");
        await tab.GotoAsync("/reports.html");
        await tab.AssertAccessibleAsync();

        await tab.Page.FillAsync("#period-name", "HRC 47");
        await tab.Page.FillAsync("#period-session", "47th regular session of the Human Rights Council");
        await tab.Page.FillAsync("#period-start", "2021-01-01");
        await tab.Page.FillAsync("#period-end", "2021-04-30");
        await tab.Page.ClickAsync("#period-form button[type=submit]");
        await tab.Page.WaitForURLAsync(url => url.EndsWith("reports.html?id=hrc-47", StringComparison.Ordinal));
        await tab.ReadyAsync();

        var main = tab.Page.Locator("main");
        foreach (var reference in new[] { "AL USA 2/2021", "AL ROU 1/2021", "AL GBR 1/2021", "AL OTH 1/2021" })
        {
            await Assertions.Expect(main).ToContainTextAsync(reference);
        }
        // The demo clock is on the day the letters were sent: every window is open, so no subject is shown.
        await Assertions.Expect(main.Locator("[data-addressee='USA']")).ToContainTextAsync("Reply window open");
        await tab.ScreenshotAsync("draft-preview");
        await tab.AssertAccessibleAsync();

        tab.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await tab.Page.ClickAsync("#finalise");
        await Assertions.Expect(tab.Page.Locator("#period-status")).ToHaveTextAsync("Final (published)");
        await Assertions.Expect(tab.Page.Locator("#report-result")).ToContainTextAsync("published on the public site");
        await tab.ScreenshotAsync("final");

        foreach (var (prefix, language) in new[] { ("", "en"), ("fr/", "fr"), ("es/", "es") })
        {
            foreach (var path in new[] { "reports/hrc-47/v1/", "reports/" })
            {
                var response = await tab.Page.GotoAsync($"/site/{prefix}{path}");
                Assert.Equal(200, response!.Status);
                Assert.Equal(language, await tab.Page.GetAttributeAsync("html", "lang"));
                await tab.ScreenshotAsync($"public-{language}-{path.Trim('/').Replace('/', '-')}");
                await tab.AssertAccessibleAsync();
            }
            await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("HRC 47");
        }
        var pdf = await tab.Page.APIRequest.GetAsync($"{portal.BaseUrl}/site/reports/hrc-47/v1/report-fr.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..5]));
        // Every public page's navigation leads to the reports.
        await Assertions.Expect(tab.Page.Locator("header nav:not(.languages) a[href$='reports/']")).ToHaveTextAsync("Informes al Consejo");

        // A corrigendum: a second version, the first still published; its pages pass axe in every language.
        await tab.GotoAsync("/reports.html?id=hrc-47");
        await tab.Page.FillAsync("#corrigendum-note", "The session's name is corrected.");
        await tab.Page.ClickAsync("#corrigendum-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#report-result")).ToContainTextAsync("new version");
        foreach (var (prefix, words) in new[] { ("", "Version 2"), ("fr/", "Version 2"), ("es/", "Versión 2") })
        {
            foreach (var path in new[] { "reports/hrc-47/", "reports/hrc-47/v2/", "reports/hrc-47/v1/" })
            {
                var response = await tab.Page.GotoAsync($"/site/{prefix}{path}");
                Assert.Equal(200, response!.Status);
                await tab.AssertAccessibleAsync();
            }
            await tab.Page.GotoAsync($"/site/{prefix}reports/hrc-47/");
            await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync(words);
            await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("The session's name is corrected.");
        }
    }
}
