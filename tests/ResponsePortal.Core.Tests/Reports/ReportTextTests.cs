using System.Text.RegularExpressions;
using ResponsePortal.Publication;
using ResponsePortal.Reports;
using static ResponsePortal.Core.Tests.Reports.ReportTestData;

namespace ResponsePortal.Core.Tests.Reports;

public sealed class ReportTextTests
{
    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_fixed_sentence_of_the_report_is_translated_with_the_same_placeholders(string language)
    {
        var translation = ReportText.For(language);
        Assert.Equal(language, translation.Language);
        var untranslated = new List<string>();
        foreach (var property in typeof(ReportText).GetProperties().Where(p => p.PropertyType == typeof(string) && p.Name != nameof(ReportText.Language)))
        {
            var english = (string)property.GetValue(ReportText.English)!;
            var translated = (string?)property.GetValue(translation) ?? "";
            Assert.False(string.IsNullOrWhiteSpace(translated), $"{language} {property.Name} is empty");
            Assert.Equal(Regex.Matches(english, @"\{\d\}").Select(m => m.Value), Regex.Matches(translated, @"\{\d\}").Select(m => m.Value));
            if (english == translated)
            {
                untranslated.Add(property.Name);
            }
        }
        // The same word in the language.
        string[] same = language == "fr" ? ["Version", "Versions", "Session", "Date", "Type"] : [];
        Assert.Empty(untranslated.Except(same));
    }

    [Theory]
    [InlineData("en", "Communication AL ABC 1/2011 changed.", "Reply to AL ABC 1/2011 received on 1 February 2011 added.", "Communication AL ABC 2/2011 removed.")]
    [InlineData("fr", "Communication AL ABC 1/2011 modifiée.", "Réponse à AL ABC 1/2011 reçue le 1er février 2011 ajoutée.", "Communication AL ABC 2/2011 retirée.")]
    [InlineData("es", "Comunicación AL ABC 1/2011 modificada.", "Respuesta a AL ABC 1/2011 recibida el 1 de febrero de 2011 añadida.", "Comunicación AL ABC 2/2011 retirada.")]
    public void A_corrigendums_changed_rows_are_sentences_in_the_reports_language(string language, string letterChanged, string replyAdded, string letterRemoved)
    {
        var text = ReportText.For(language);

        Assert.Equal(letterChanged, text.ChangeText(new ReportChange(ReportChange.Letter, "AL ABC 1/2011", null, ReportChange.Changed)));
        Assert.Equal(replyAdded, text.ChangeText(new ReportChange(ReportChange.Reply, "AL ABC 1/2011", new DateOnly(2011, 2, 1), ReportChange.Added)));
        Assert.Equal(letterRemoved, text.ChangeText(new ReportChange(ReportChange.Letter, "AL ABC 2/2011", null, ReportChange.Removed)));
    }

    [Theory]
    [InlineData("fr", "modifiée.", "ajoutée.")]
    [InlineData("es", "modificada.", "añadida.")]
    public void A_corrigendum_page_and_pdf_say_what_changed_in_their_language_and_keep_the_note_as_written(string language, string changed, string added)
    {
        var period = Period("2011-01-03", "2011-01-31");
        var first = Build(period, new DateTimeOffset(2011, 1, 25, 12, 0, 0, TimeSpan.Zero), count: 200);
        var later = Build(period, new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero), count: 200);
        var corrigendum = later with { Version = 2, Corrigendum = "Windows closed since version 1.", Changes = ReportChanges.Between(first, later) };
        var text = ReportText.For(language);

        var html = new ReportHtml(text, "https://example.org/").Report(corrigendum);
        var pdf = ReportPdfTests.TextOf(ReportPdf.Write(corrigendum, text, "https://example.org/"));

        Assert.Contains(corrigendum.Changes, c => c.Row == ReportChange.Letter && c.Change == ReportChange.Changed);
        Assert.Contains(corrigendum.Changes, c => c.Row == ReportChange.Reply && c.Change == ReportChange.Added);
        foreach (var document in new[] { html, pdf })
        {
            Assert.Contains("Windows closed since version 1.", document);
            Assert.Contains(changed, document);
            Assert.Contains(added, document);
            Assert.DoesNotContain(" changed.", document);
            Assert.DoesNotContain(" added.", document);
        }
        Assert.Contains(SitePages.E(text.ChangeText(corrigendum.Changes[0])), html);
    }
}
