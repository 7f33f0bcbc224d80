using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/i18n.js, run in the browser: counts take each language's plural forms from web/i18n.</summary>
public sealed class I18nModuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("en", "0 days|1 day|2 days|1 hour|3 minutes")]
    [InlineData("fr", "0 jour|1 jour|2 jours|1 heure|3 minutes")]
    [InlineData("es", "0 días|1 día|2 días|1 hora|3 minutos")]
    public async Task Days_hours_and_minutes_take_the_plural_form_of_the_language(string language, string expected)
    {
        await using var tab = await portal.OpenAsync(nameof(I18nModuleTests) + "-" + language);
        await tab.GotoAsync("/");

        var words = await tab.Page.EvaluateAsync<string>($$"""
            async () => {
              const i18n = await import('/js/i18n.js');
              await i18n.loadLanguage('{{language}}');
              return [i18n.days(0), i18n.days(1), i18n.days(2), i18n.hours(1), i18n.minutes(3)].join('|');
            }
            """);

        Assert.Equal(expected, words);
    }
}
