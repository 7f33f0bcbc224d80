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

    private static Dictionary<string, string> Strings(string language)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Web, "i18n", language + ".json"))).RootElement
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public void Confidentiality_categories_read_the_same_in_the_portal_as_on_the_public_site_and_the_receipt(string language)
    {
        var strings = Strings(language);

        Assert.All(ResponsePortal.Replies.ConfidentialityCategories.All, category =>
            Assert.Equal(ResponsePortal.Replies.ConfidentialityCategories.InWords(category, language), strings["confidentiality." + category]));
    }

    [Fact]
    public void Every_audit_event_kind_has_a_name_in_the_portal()
    {
        var kinds = new[]
        {
            typeof(ResponsePortal.Audit.CommunicationEvent), typeof(ResponsePortal.Replies.ReplyEvents), typeof(ResponsePortal.Reminders.ReminderEvents),
            typeof(ResponsePortal.Addressees.DirectoryEvents), typeof(ResponsePortal.Publication.PublicationEvents),
        }.SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)
            .Where(kind => !kind.StartsWith("system:", StringComparison.Ordinal)).ToList(); // actors, not kinds
        var english = Strings("en");

        Assert.NotEmpty(kinds);
        Assert.All(kinds, kind => Assert.True(english.ContainsKey("event." + kind), $"web/i18n has no event.{kind}"));
    }

    private static HashSet<string> Keys(string path)
        => JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
