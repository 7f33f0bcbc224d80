using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Secretariat;

/// <summary>Journey 1 and the secretariat's other pages that work on the API of today.</summary>
public sealed class SecretariatJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static async Task FillLetterAsync(ILocator letter, string reference, string addresseeId, FilePayload file, FilePayload? publicVersion = null)
    {
        await letter.Locator("[name=reference]").FillAsync(reference);
        await letter.Locator("[name=addresseeId]").SelectOptionAsync(addresseeId);
        await letter.Locator("[name=subject]").FillAsync("Online abuse of children reported in 2021");
        await letter.Locator("[name=summary]").FillAsync("The mandates ask about measures against the sharing of abuse images.");
        await letter.Locator("[name=mandates]").FillAsync("Special Rapporteur on the sale and sexual exploitation of children\nSpecial Rapporteur on violence against women, its causes and consequences");
        await letter.Locator("[name=sentOn]").FillAsync("2021-01-25");
        await letter.Locator("[name=letter]").SetInputFilesAsync(file);
        if (publicVersion is not null)
        {
            await letter.Locator("[name=publicVersion]").SetInputFilesAsync(publicVersion);
        }
    }

    [Fact]
    public async Task Secretariat_registers_a_case_of_two_letters_with_their_files()
    {
        await using var tab = await portal.OpenAsync(nameof(Secretariat_registers_a_case_of_two_letters_with_their_files));
        await tab.SignInAsync("secretariat");
        await tab.Page.ClickAsync("nav a[href='register.html']");
        await tab.ReadyAsync();

        await tab.Page.FillAsync("#case-title", "Abuse images shared online (browser test)");
        await tab.Page.FillAsync("#case-id", "browser-test-case");
        await FillLetterAsync(tab.Page.Locator("fieldset.letter").Nth(0), "AL USA 3/2021", "USA",
            TestFiles.PdfFile("usa-letter.pdf", "Letter to the USA"), TestFiles.PdfFile("usa-public.pdf", "Public version"));
        await tab.Page.ClickAsync("#add-letter");
        await FillLetterAsync(tab.Page.Locator("fieldset.letter").Nth(1), "AL ROU 2/2021", "ROU", TestFiles.PdfFile("rou-letter.pdf", "Letter to Romania"));
        await tab.ScreenshotAsync("filled");
        await tab.Page.ClickAsync("#register-submit");

        var result = tab.Page.Locator("#register-result");
        await Assertions.Expect(result).ToContainTextAsync("2 letter(s) registered");
        await Assertions.Expect(result).ToContainTextAsync("AL USA 3/2021");
        await Assertions.Expect(result).ToContainTextAsync("AL ROU 2/2021");
        await tab.ScreenshotAsync("registered");

        var usa = await portal.GetJsonAsync("secretariat", "api/communications/al-usa-3-2021");
        Assert.Equal("browser-test-case", usa.GetProperty("caseId").GetString());
        Assert.Equal("usa-letter.pdf", usa.GetProperty("letter").GetProperty("fileName").GetString());
        Assert.Equal(TestFiles.Sha256(TestFiles.Pdf("Letter to the USA")), usa.GetProperty("letter").GetProperty("sha256").GetString());
        Assert.Equal("usa-public.pdf", usa.GetProperty("publicVersion").GetProperty("fileName").GetString());
        var rou = await portal.GetJsonAsync("secretariat", "api/communications/al-rou-2-2021");
        Assert.Equal("ROU", rou.GetProperty("addresseeId").GetString());
        Assert.Equal(2, rou.GetProperty("mandates").GetArrayLength());

        await tab.Page.ClickAsync("#register-result a:text('AL USA 3/2021')");
        await tab.ReadyAsync();
        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("AL USA 3/2021");
        await Assertions.Expect(tab.Page.Locator("#events")).ToContainTextAsync("Registered");
        await tab.ScreenshotAsync("timeline");
    }

    [Fact]
    public async Task A_refused_registration_says_why_and_stores_nothing()
    {
        await using var tab = await portal.OpenAsync(nameof(A_refused_registration_says_why_and_stores_nothing));
        await tab.SignInAsync("secretariat");
        await tab.GotoAsync("/register.html");

        await FillLetterAsync(tab.Page.Locator("fieldset.letter").Nth(0), "AL USA 4/2021", "USA",
            new FilePayload { Name = "letter.pdf", MimeType = "application/pdf", Buffer = "<html><script>x</script></html>"u8.ToArray() });
        await tab.Page.ClickAsync("#register-submit");

        await Assertions.Expect(tab.Page.Locator("#register-result")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        await Assertions.Expect(tab.Page.Locator("#register-result")).ToContainTextAsync("not a document");
        await tab.ScreenshotAsync("refused");
        using var api = portal.Api("secretariat");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync("api/communications/al-usa-4-2021")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_shows_reply_rates_for_every_addressee_and_lists_every_letter()
    {
        await using var tab = await portal.OpenAsync(nameof(Dashboard_shows_reply_rates_for_every_addressee_and_lists_every_letter));

        await tab.SignInAsync("secretariat");
        await tab.ScreenshotAsync("dashboard");

        var rates = tab.Page.Locator("#rates tbody tr");
        foreach (var addressee in new[] { "United States of America", "Romania", "United Kingdom of Great Britain and Northern Ireland", "Facebook (Meta Platforms, Inc.)" })
        {
            await Assertions.Expect(rates.Filter(new LocatorFilterOptions { HasText = addressee })).ToContainTextAsync("0 %");
        }
        await Assertions.Expect(tab.Page.Locator("svg.chart rect")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(tab.Page.Locator("#all tr[data-slug='al-usa-2-2021']")).ToBeVisibleAsync();
        await tab.Page.SelectOptionAsync("#phase-filter", "closed");
        await Assertions.Expect(tab.Page.Locator("#all tr[data-slug='al-usa-2-2021']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Secretariat_adds_a_contact_and_a_member_to_an_addressee()
    {
        await using var tab = await portal.OpenAsync(nameof(Secretariat_adds_a_contact_and_a_member_to_an_addressee));
        await tab.SignInAsync("secretariat");
        await tab.Page.ClickAsync("nav a[href='addressees.html']");
        await tab.ReadyAsync();
        await tab.Page.ClickAsync("#addressees a:text-is('GBR')");
        await tab.ReadyAsync();

        await tab.Page.FillAsync("#contact-form [name=email]", "second-mission-uk@example.org");
        await tab.Page.FillAsync("#contact-form [name=name]", "Second desk, UK mission");
        await tab.Page.ClickAsync("#contact-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#contacts")).ToContainTextAsync("second-mission-uk@example.org");
        await tab.Page.FillAsync("#member-form [name=userId]", "uk-officer-2");
        await tab.Page.FillAsync("#member-form [name=displayName]", "Second officer, UK mission");
        await tab.Page.ClickAsync("#member-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#members")).ToContainTextAsync("uk-officer-2");
        await tab.ScreenshotAsync("addressee");

        var contacts = await portal.GetJsonAsync("secretariat", "api/addressees/GBR/contacts");
        Assert.Contains(contacts.EnumerateArray(), c => c.GetProperty("email").GetString() == "second-mission-uk@example.org");
    }

    [Fact]
    public async Task An_addressee_who_opens_a_secretariat_page_is_told_it_is_not_theirs()
    {
        await using var tab = await portal.OpenAsync(nameof(An_addressee_who_opens_a_secretariat_page_is_told_it_is_not_theirs));
        await tab.SignInAsync("usa");

        await tab.GotoAsync("/dashboard.html");

        await Assertions.Expect(tab.Page.Locator("#status")).ToContainTextAsync("not part of your role");
        Assert.Equal(0, await tab.Page.Locator("#rates").CountAsync());
    }
}
