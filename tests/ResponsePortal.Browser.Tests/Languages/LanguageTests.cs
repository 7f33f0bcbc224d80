using System.Text.Json;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Browser.Tests.Languages;

/// <summary>Journey 8: the portal in French (from the browser's language) and the switcher to Spanish.</summary>
public sealed class LanguageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_french_browser_gets_the_portal_in_french_with_french_dates()
    {
        await using var tab = await portal.OpenAsync(nameof(A_french_browser_gets_the_portal_in_french_with_french_dates), locale: "fr-FR", timezoneId: "Europe/Paris");

        await tab.GotoAsync("/");
        await Assertions.Expect(tab.Page.Locator("h2")).ToHaveTextAsync("Personnages de démonstration");
        await tab.ScreenshotAsync("connexion");
        await tab.SignInAsync("usa");
        await tab.ScreenshotAsync("mes-lettres");

        Assert.Equal("fr", await tab.Page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("Mes lettres");
        var row = tab.Page.Locator("tr[data-slug='al-usa-2-2021']");
        await Assertions.Expect(row).ToContainTextAsync("Réponse attendue");
        await Assertions.Expect(row).ToContainTextAsync("26 mars 2021");
        await Assertions.Expect(row.Locator(".countdown")).ToHaveTextAsync("60 jours 14 heures restants");
        await tab.GotoAsync("/letter.html?slug=al-usa-2-2021");
        await Assertions.Expect(tab.Page.Locator("#reply-heading")).ToHaveTextAsync("Envoyer une réponse");
        await tab.ScreenshotAsync("lettre");
        await tab.AssertAccessibleAsync();
    }

    [Fact]
    public async Task The_switcher_changes_the_language_and_keeps_it()
    {
        await using var tab = await portal.OpenAsync(nameof(The_switcher_changes_the_language_and_keeps_it));
        await tab.SignInAsync("secretariat");
        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("Dashboard");

        await tab.Page.SelectOptionAsync("#language", "es");
        await tab.Page.WaitForLoadStateAsync();
        await tab.ReadyAsync();
        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("Panel");
        await tab.ScreenshotAsync("panel");
        await tab.GotoAsync("/register.html");

        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync("Registrar cartas");
        Assert.Equal("es", await tab.Page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public void Every_language_file_has_exactly_the_english_keys()
    {
        var folder = Path.Combine(RepoPaths.Web, "i18n");
        var english = Keys(Path.Combine(folder, "en.json"));

        foreach (var language in new[] { "fr", "es" })
        {
            var keys = Keys(Path.Combine(folder, language + ".json"));
            Assert.True(english.SetEquals(keys), $"{language}.json differs from en.json: missing [{string.Join(", ", english.Except(keys))}], extra [{string.Join(", ", keys.Except(english))}]");
        }
    }

    private static HashSet<string> Keys(string path)
        => JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
