using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/report-words.js, run in the browser: the report preview words reply statuses in the portal's language.</summary>
public sealed class ReportWordsModuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("en", "Privacy of victims", "Late by 4 days")]
    [InlineData("fr", "Vie privée des victimes", "En retard de 4 jours")]
    [InlineData("es", "Privacidad de las víctimas", "Con 4 días de retraso")]
    public async Task A_withheld_reply_shows_its_reason_category_in_words_never_its_code(string language, string category, string late)
    {
        await using var tab = await portal.OpenAsync(nameof(ReportWordsModuleTests) + "-" + language);
        await tab.GotoAsync("/");

        var words = await tab.Page.EvaluateAsync<string[]>($$"""
            async () => {
              const i18n = await import('/js/i18n.js');
              await i18n.loadLanguage('{{language}}');
              const { letterStatus, replyStatus } = await import('/js/report-words.js');
              return [
                replyStatus({ status: 'withheld', reasonCategory: 'privacy-of-victims' }),
                replyStatus({ status: 'published', reasonCategory: null }),
                letterStatus({ replyStatus: 'late', daysLate: 4 }),
              ];
            }
            """);

        Assert.Contains(category, words[0]);
        Assert.DoesNotContain("privacy-of-victims", words[0]);
        Assert.DoesNotContain("(", words[1]);
        Assert.Equal(late, words[2]);
    }
}
