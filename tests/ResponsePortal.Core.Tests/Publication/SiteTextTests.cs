using System.Text.RegularExpressions;
using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class SiteTextTests
{
    public static TheoryData<string, string, int, int, int, string> Dates => new()
    {
        { "en", "26 March 2021", 2021, 3, 26, "26 March 2021, 22:59 UTC (23:59 in Geneva)" },
        { "fr", "26 mars 2021", 2021, 3, 26, "26 mars 2021 à 22 h 59 UTC (23 h 59 à Genève)" },
        { "es", "26 de marzo de 2021", 2021, 3, 26, "26 de marzo de 2021, 22:59 UTC (23:59 en Ginebra)" },
        // Summer time: 22:59 UTC is already the next day in Geneva, so Geneva's date is named.
        { "fr", "1er avril 2021", 2021, 4, 1, "1er avril 2021 à 22 h 59 UTC (2 avril 2021 à 0 h 59 à Genève)" },
        { "fr", "2 avril 2021", 2021, 4, 2, "2 avril 2021 à 22 h 59 UTC (3 avril 2021 à 0 h 59 à Genève)" },
        { "es", "1 de abril de 2021", 2021, 4, 1, "1 de abril de 2021, 22:59 UTC (2 de abril de 2021, 00:59 en Ginebra)" },
    };

    private static SiteText In(string language) => SiteText.All.Single(t => t.Language == language);

    [Theory]
    [MemberData(nameof(Dates))]
    public void Dates_and_instants_are_written_the_way_the_language_writes_them(string language, string date, int year, int month, int day, string instant)
    {
        var at = new DateTime(year, month, day, 22, 59, 59, DateTimeKind.Utc);

        Assert.Equal(date, In(language).FormatDate(at));
        Assert.Equal(instant, In(language).FormatInstant(at));
    }

    [Theory]
    [InlineData("en", 0, "0 communications")]
    [InlineData("en", 1, "1 communication")]
    [InlineData("fr", 0, "0 communication")]
    [InlineData("fr", 2, "2 communications")]
    [InlineData("es", 1, "1 comunicación")]
    [InlineData("es", 0, "0 comunicaciones")]
    public void Counts_take_the_plural_rules_of_the_language(string language, int count, string expected)
        => Assert.Equal(expected, In(language).CommunicationsCount(count));

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_fixed_sentence_is_translated_with_the_same_placeholders(string language)
    {
        var translation = In(language);
        var untranslated = new List<string>();
        foreach (var property in typeof(SiteText).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            if (property.GetValue(SiteText.English) is not string english)
            {
                continue; // optional in English (FirstOfMonthFormat)
            }
            var translated = (string?)property.GetValue(translation) ?? "";
            Assert.False(string.IsNullOrWhiteSpace(translated), $"{language} {property.Name} is empty");
            Assert.Equal(Regex.Matches(english, @"\{\d\}").Select(m => m.Value), Regex.Matches(translated, @"\{\d\}").Select(m => m.Value));
            if (english == translated)
            {
                untranslated.Add(property.Name);
            }
        }
        // Words that are the same in the language (or names and formats that do not change).
        string[] same = ["SiteName", "Sha256", "NavLabel", "Type", "Types", "Communications", "Page", "CommunicationsMany", "CommunicationsOne",
            "KindPublication", "KindRepublication", "Kilobytes", "Megabytes", "Bytes", "DateFormat", "TimeFormat", "InstantFormat", "LocalInstantFormat", "ReplyReceived", "FirstOfMonthFormat", "Colon"];
        Assert.Empty(untranslated.Except(same));
    }

    /// <summary>Every kind of log entry in every language, as the public log page names it (issue 16: "report" stayed English).</summary>
    private static readonly Dictionary<(string Kind, string Language), string> KindWords = new()
    {
        [(PublicationLogKinds.Publication, "en")] = "publication",
        [(PublicationLogKinds.Publication, "fr")] = "publication",
        [(PublicationLogKinds.Publication, "es")] = "publicación",
        [(PublicationLogKinds.LateReply, "en")] = "late reply",
        [(PublicationLogKinds.LateReply, "fr")] = "réponse tardive",
        [(PublicationLogKinds.LateReply, "es")] = "respuesta tardía",
        [(PublicationLogKinds.Republication, "en")] = "republication",
        [(PublicationLogKinds.Republication, "fr")] = "republication",
        [(PublicationLogKinds.Republication, "es")] = "nueva publicación",
        [(PublicationLogKinds.ConfidentialityPlaceholder, "en")] = "confidentiality placeholder",
        [(PublicationLogKinds.ConfidentialityPlaceholder, "fr")] = "mention de confidentialité",
        [(PublicationLogKinds.ConfidentialityPlaceholder, "es")] = "mención de confidencialidad",
        [(PublicationLogKinds.Rebuild, "en")] = "whole site rebuilt",
        [(PublicationLogKinds.Rebuild, "fr")] = "site entier reconstruit",
        [(PublicationLogKinds.Rebuild, "es")] = "sitio completo reconstruido",
        [(PublicationLogKinds.Report, "en")] = "report to the Council",
        [(PublicationLogKinds.Report, "fr")] = "rapport au Conseil",
        [(PublicationLogKinds.Report, "es")] = "informe al Consejo",
    };

    [Fact]
    public void Every_kind_of_log_entry_is_named_in_every_language_on_the_log_page()
    {
        var entries = PublicationLogKinds.All.Select((kind, i) => new PublicationLogEntry(i + 1, new DateTimeOffset(2021, 5, 3, 9, i, 0, TimeSpan.Zero), "", kind, [], new string('0', 64), new string('a', 64))).ToList();
        var head = new PublicationLogHead(entries.Count, new string('a', 64));

        Assert.Equal(PublicationLogKinds.All.SelectMany(k => SiteText.All.Select(t => (k, t.Language))).Order(), KindWords.Keys.Order());
        foreach (var text in SiteText.All)
        {
            var page = new SitePages(text, "https://example.org/", SiteText.All).LogPage(head, entries, 0, 1, true);
            foreach (var kind in PublicationLogKinds.All)
            {
                Assert.Equal(KindWords[(kind, text.Language)], text.KindName(kind));
                Assert.Contains($"<td>{SitePages.E(KindWords[(kind, text.Language)])}</td>", page);
            }
            Assert.DoesNotContain("<td>report</td>", page);
        }
    }
}
