using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/reminder-words.js, run in the browser: the reminder log's kinds in words, and where its letters link.</summary>
public sealed class ReminderWordsModuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("en", "1 day before|30 days before|Close of the window|Receipt to the addressee|Reply mail to the secretariat|Weekly digest, November 30 – December 6, 2026")]
    [InlineData("fr", "1 jour avant|30 jours avant|Clôture du délai|Accusé de réception au destinataire|Courriel de réponse au secrétariat|Résumé hebdomadaire, 30 novembre – 6 décembre 2026")]
    [InlineData("es", "1 día antes|30 días antes|Cierre del plazo|Acuse de recibo al destinatario|Correo de respuesta a la secretaría|Resumen semanal, 30 de noviembre – 6 de diciembre de 2026")]
    public async Task Kinds_read_as_words_in_the_language_never_as_codes(string language, string expected)
    {
        await using var tab = await portal.OpenAsync(nameof(ReminderWordsModuleTests) + "-" + language);
        await tab.GotoAsync("/");

        var words = await tab.Page.EvaluateAsync<string>($$"""
            async () => {
              const i18n = await import('/js/i18n.js');
              await i18n.loadLanguage('{{language}}');
              const { kindText } = await import('/js/reminder-words.js');
              return ['1d', '30d', 'closure', 'receipt-r1', 'reply-r1', 'digest-2026-W49'].map(kindText).join('|');
            }
            """);

        Assert.Equal(expected, words.Replace('\u2009', ' ').Replace('\u202f', ' '));
    }

    [Fact]
    public async Task The_digest_links_to_the_reminder_log_filtered_to_it_and_a_letter_to_its_page()
    {
        await using var tab = await portal.OpenAsync(nameof(The_digest_links_to_the_reminder_log_filtered_to_it_and_a_letter_to_its_page));
        await tab.GotoAsync("/");

        var links = await tab.Page.EvaluateAsync<string>("""
            async () => {
              const i18n = await import('/js/i18n.js');
              await i18n.loadLanguage('en');
              const { letterLink } = await import('/js/reminder-words.js');
              const references = new Map([['al-usa-2-2021', 'AL USA 2/2021']]);
              return [letterLink('weekly-digest', references), letterLink('al-usa-2-2021', references)].map(a => `${a.getAttribute('href')} ${a.textContent}`).join('|');
            }
            """);

        Assert.Equal("reminders.html?slug=weekly-digest Weekly digest|communication.html?slug=al-usa-2-2021 AL USA 2/2021", links);
    }
}
