using System.Text.Json;
using ResponsePortal.Publication;
using ResponsePortal.Reports;
using static ResponsePortal.Core.Tests.Reports.ReportTestData;

namespace ResponsePortal.Core.Tests.Reports;

public sealed class ReportBuilderTests
{
    private static readonly DateTimeOffset LongAfter = new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Letters_sent_in_the_period_are_grouped_by_addressee_with_counts_that_add_up()
    {
        var report = Build(Period("2011-01-03", "2011-01-12"), LongAfter);

        Assert.Equal(40, report.Totals.Sent);
        Assert.All(report.Groups, g => Assert.Equal(g.Counts.Sent, g.Counts.Replied + g.Counts.NotReplied));
        Assert.All(report.Groups, g => Assert.Equal(g.Counts.Replied, g.Counts.OnTime + g.Counts.Late));
        Assert.Equal(report.Totals.Sent, report.Groups.Sum(g => g.Counts.Sent));
        Assert.Equal(report.Totals.Late, report.Groups.Sum(g => g.Counts.Late));
        Assert.Equal((double)report.Totals.Replied / report.Totals.Sent, report.Totals.ReplyRate);
        Assert.True(report.Totals.Late > 0 && report.Totals.OnTime > 0);
        Assert.Equal(report.Groups.Select(g => g.AddresseeName).Order(StringComparer.OrdinalIgnoreCase), report.Groups.Select(g => g.AddresseeName));
        Assert.All(report.Groups.SelectMany(g => g.Letters), l => Assert.Equal($"c/{l.Slug}/", l.Page));
    }

    [Fact]
    public void A_reply_received_in_the_period_is_listed_even_when_its_letter_was_sent_before_it()
    {
        var report = Build(Period("2011-02-01", "2011-02-28"), LongAfter, count: 400);

        var replies = report.Groups.SelectMany(g => g.Replies).ToList();
        Assert.NotEmpty(replies);
        Assert.All(replies, r => Assert.InRange(r.ReceivedOn, new DateOnly(2011, 2, 1), new DateOnly(2011, 2, 28)));
        Assert.Contains(replies, r => !report.Groups.SelectMany(g => g.Letters).Any(l => l.Slug == r.Slug));
        Assert.Equal(replies.Count, report.Totals.RepliesReceived);
    }

    [Theory]
    [InlineData("en", "National security")]
    [InlineData("fr", "Sécurité nationale")]
    [InlineData("es", "Seguridad nacional")]
    public void A_withheld_reply_appears_as_the_public_placeholder_with_its_reason_category_in_words_only(string language, string words)
    {
        var report = Build(Period("2011-01-03", "2011-03-31"), LongAfter, change: i => i.Replies.Count == 0 ? i : i with { Replies = [Withheld(i.Replies[0], "national-security"), .. i.Replies.Skip(1)] });
        var text = ReportText.For(language);

        var withheld = report.Groups.SelectMany(g => g.Replies).Where(r => r.Status == ReplyEntryStatus.Withheld).ToList();
        Assert.NotEmpty(withheld);
        Assert.Contains(withheld, r => r.ReasonCategory == "national-security");
        var json = JsonSerializer.Serialize(report, ReportJson.Options);
        Assert.DoesNotContain("secret reason text", json);
        // The code is data (report.json, the CSV); a reader of the page or the PDF reads words in the report's language.
        var html = new ReportHtml(text, "https://example.org/").Report(report);
        var pdf = ReportPdfTests.TextOf(ReportPdf.Write(report, text, "https://example.org/"));
        Assert.Contains(SitePages.E(words), html);
        Assert.DoesNotContain("national-security", html);
        Assert.Contains(words, pdf);
        Assert.DoesNotContain("national-security", pdf);
        Assert.DoesNotContain("secret reason text", html + pdf);
    }

    [Fact]
    public void A_letters_reply_status_is_written_with_its_wire_name_in_report_json_and_the_api()
    {
        var report = Build(Period("2011-01-03", "2011-01-12"), LongAfter);
        var api = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

        foreach (var options in new[] { ReportJson.Options, api })
        {
            var statuses = JsonDocument.Parse(JsonSerializer.Serialize(report, options)).RootElement.GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("letters").EnumerateArray()).Select(l => l.GetProperty("replyStatus").GetString()).ToHashSet();
            Assert.Equal(["late", "none", "on-time"], statuses.Order());
        }
        Assert.Equal(report.Groups.SelectMany(g => g.Letters).Select(l => l.ReplyStatus),
            JsonSerializer.Deserialize<CommunicationReport>(JsonSerializer.Serialize(report, ReportJson.Options), ReportJson.Options)!.Groups.SelectMany(g => g.Letters).Select(l => l.ReplyStatus));
    }

    [Fact]
    public void A_letter_inside_its_window_at_the_cut_off_shows_reference_date_and_addressee_only()
    {
        var cutOff = new DateTimeOffset(2011, 2, 1, 12, 0, 0, TimeSpan.Zero);

        var report = Build(Period("2011-01-03", "2011-01-31"), cutOff);

        var letters = report.Groups.SelectMany(g => g.Letters).ToList();
        Assert.Equal(116, letters.Count);
        Assert.All(letters, l =>
        {
            Assert.False(l.IsPublic);
            Assert.Null(l.Subject);
            Assert.Null(l.Summary);
            Assert.Null(l.Mandates);
            Assert.Null(l.Page);
        });
        var html = new ReportHtml(ReportText.English, "https://example.org/").Report(report);
        Assert.DoesNotContain("Synthetic letter about", html);
        Assert.DoesNotContain("SYNTHETIC DATA", html);
        Assert.All(report.Groups.SelectMany(g => g.Replies), r => Assert.Equal(ReportReplyVisibility.NotYetPublic, r.Status));
    }

    [Fact]
    public void Replies_after_the_cut_off_do_not_exist_for_the_report()
    {
        var cutOff = new DateTimeOffset(2011, 1, 20, 0, 0, 0, TimeSpan.Zero);

        var report = Build(Period("2011-01-03", "2011-03-31"), cutOff, count: 400);

        Assert.All(report.Groups.SelectMany(g => g.Replies), r => Assert.True(r.ReceivedOn < new DateOnly(2011, 1, 20)));
        Assert.All(report.Groups.SelectMany(g => g.Letters).Where(l => l.SentOn >= new DateOnly(2011, 1, 20)), l => Assert.Equal(ResponsePortal.Communications.ReplyStatus.None, l.ReplyStatus));
    }
}
