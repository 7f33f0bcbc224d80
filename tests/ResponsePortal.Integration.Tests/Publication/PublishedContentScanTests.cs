using System.Text;
using System.Text.Json;
using ResponsePortal.Documents.Text;
using ResponsePortal.Publication;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using ResponsePortal.Communications;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>The promise "only published content reaches $web", checked byte by byte over the whole container.</summary>
public sealed class PublishedContentScanTests : PublicationHarness
{
    [Fact]
    public async Task After_a_mixed_run_the_web_container_holds_nothing_unpublished()
    {
        // Arrange: a redacted letter, a letter still open, a confidential reply, a reply awaiting a decision.
        Clock.SetUtcNow(new DateTimeOffset(2021, 1, 26, 8, 0, 0, TimeSpan.Zero));
        const string original = "ORIGINAL-LETTER-NAMES-VICTIM-Jane-Roe-7f3a";
        await RegisterAsync("AL USA 5/2021", "A letter with a public version", "2021-01-26", original, publicVersion: "PUBLIC-VERSION-names-removed-91c2");
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 20, 8, 0, 0, TimeSpan.Zero));
        const string openSubject = "OPEN-LETTER-SUBJECT-not-yet-public-44d1";
        var open = await RegisterAsync("UA USA 6/2021", openSubject, "2021-03-20", "OPEN-LETTER-BODY-55e2");
        var decided = new ConfidentialityDecision(true, "secretariat", DemoWindowClosesAt.AddDays(-1), null);
        await AddReplyAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-2), "CONFIDENTIAL-REPLY-BODY-0b9e", "CONFIDENTIAL-NOTE-61aa",
            new ConfidentialityRequest("national security", "CONFIDENTIAL-REASON-TEXT-2c7d", DemoWindowClosesAt.AddDays(-2), "usa-user", decided));
        await AddReplyAsync("al-rou-1-2021", "ROU", DemoWindowClosesAt.AddDays(-2), "PENDING-REPLY-BODY-8d4f", "PENDING-NOTE-3e1b",
            new ConfidentialityRequest("personal data", "PENDING-REASON-TEXT-9a0c", DemoWindowClosesAt.AddDays(-2), "rou-user", null));
        var gbrReply = await AddReplyAsync("al-gbr-1-2021", "GBR", DemoWindowClosesAt.AddDays(-1), "PUBLIC-REPLY-BODY-aa11");

        // Act: every job the sweep and the replies feature would send, including one for the open letter.
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 28, 8, 0, 0, TimeSpan.Zero));
        foreach (var slug in new[] { "al-usa-2-2021", "al-rou-1-2021", "al-gbr-1-2021", "al-usa-5-2021", open.Slug })
        {
            await PublishAsync(slug);
        }

        // Assert
        var site = await WholeSiteAsync();
        Assert.NotEmpty(site);
        var forbidden = new[]
        {
            original, "OPEN-LETTER-BODY-55e2", openSubject, open.Slug, open.Reference.ToString(), "CONFIDENTIAL-REPLY-BODY-0b9e", "CONFIDENTIAL-NOTE-61aa",
            "CONFIDENTIAL-REASON-TEXT-2c7d", "PENDING-REPLY-BODY-8d4f", "PENDING-NOTE-3e1b", "PENDING-REASON-TEXT-9a0c", "AL OTH 1/2021", "al-oth-1-2021",
        };
        var redacted = (await Get<ICommunicationRepository>().FindAsync("al-usa-5-2021", default))!;
        var confidentialSha = (await Replies.ListForCommunicationAsync(UsaSlug, default)).Single().Files.Single().Sha256;
        var pendingSha = (await Replies.ListForCommunicationAsync("al-rou-1-2021", default)).Single().Files.Single().Sha256;
        forbidden = [.. forbidden, redacted.Letter.Sha256, redacted.Letter.BlobName, confidentialSha, pendingSha];
        foreach (var (path, bytes) in site)
        {
            var text = Encoding.UTF8.GetString(bytes);
            foreach (var needle in forbidden)
            {
                Assert.False(text.Contains(needle, StringComparison.Ordinal) || path.Contains(needle, StringComparison.Ordinal), $"{path} contains unpublished content: {needle}");
            }
        }

        // ...and what is published is there: the public version, the placeholder with its category, the held-back notice.
        Assert.Contains(site.Values, b => Encoding.UTF8.GetString(b) == "PUBLIC-VERSION-names-removed-91c2");
        Assert.Contains(site.Values, b => Encoding.UTF8.GetString(b) == "PUBLIC-REPLY-BODY-aa11");
        var usa = Encoding.UTF8.GetString(site["c/al-usa-2-2021/index.html"]);
        Assert.Contains("national security", usa);
        Assert.Contains("accepted the addressee&#39;s request to keep it confidential", usa);
        Assert.Contains("held back while the secretariat decides", Encoding.UTF8.GetString(site["c/al-rou-1-2021/index.html"]));
        Assert.Contains(gbrReply.Files[0].Sha256, Encoding.UTF8.GetString(site["c/al-gbr-1-2021/index.html"]));

        // ...in every language: the scan above covered fr/ and es/ too, and their pages say the same in their words.
        var usaFrench = Encoding.UTF8.GetString(site["fr/c/al-usa-2-2021/index.html"]);
        Assert.Contains("national security", usaFrench);
        Assert.Contains("a accepté la demande de confidentialité du destinataire", usaFrench);
        Assert.Contains("se retiene mientras la secretaría decide", Encoding.UTF8.GetString(site["es/c/al-rou-1-2021/index.html"]));
        Assert.Contains(gbrReply.Files[0].Sha256, Encoding.UTF8.GetString(site["es/c/al-gbr-1-2021/index.html"]));
        Assert.DoesNotContain(site.Keys, path => path.StartsWith("fr/files/", StringComparison.Ordinal) || path.StartsWith("es/data/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_text_of_a_published_reply_pdf_is_on_its_page_and_the_text_of_a_withheld_one_in_no_file()
    {
        // Arrange: a PDF reply from the United Kingdom, and one from the United States the secretariat withheld.
        Clock.SetUtcNow(AfterDemoClose);
        var gbr = await AddReplyFileAsync("al-gbr-1-2021", "GBR", DemoWindowClosesAt.AddDays(-3), ReplyPdf("The Government has opened an inquiry named Kangarooquill."), "gbr-reply.pdf", "application/pdf");
        var decided = new ConfidentialityDecision(true, "secretariat", DemoWindowClosesAt.AddDays(-1), null);
        await AddReplyFileAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-2), ReplyPdf("Only the secretariat may read Platypusgrove."), "usa-reply.pdf", "application/pdf",
            confidentiality: new ConfidentialityRequest("national security", "why", DemoWindowClosesAt.AddDays(-2), "usa-user", decided));

        // Act: the queue function publishes both, as the Functions host would.
        await PublishAsync("al-gbr-1-2021");
        await PublishAsync(UsaSlug);

        // Assert: the reply's words under its link, in every language; the letter (a Word document) read too.
        var site = await WholeSiteAsync();
        foreach (var prefix in new[] { "", "fr/", "es/" })
        {
            var page = Encoding.UTF8.GetString(site[$"{prefix}c/al-gbr-1-2021/index.html"]);
            var link = page.IndexOf("gbr-reply.pdf</a>", StringComparison.Ordinal);
            var word = page.IndexOf("Kangarooquill", StringComparison.Ordinal);
            Assert.True(link > 0 && word > link, $"{prefix}: link at {link}, word at {word}");
            Assert.Contains($"id=\"{SitePages.ReplyTextAnchor(1, 0)}\"", page);
            Assert.Contains(">Information received</h4>", page);
        }
        var record = JsonSerializer.Deserialize<PublishedRecord>(site[SiteBuilder.RecordPath("al-gbr-1-2021")], SiteBuilder.Json)!;
        Assert.Equal(gbr.Files[0].Sha256, record.Replies[0].Files[0].Sha256);
        Assert.Contains(record.Replies[0].Files[0].Text!.Blocks, b => b.Text.Contains("Kangarooquill", StringComparison.Ordinal));
        Assert.Equal(TextOutcome.Extracted, record.Letter.Text!.Outcome);
        Assert.DoesNotContain(site, f => Encoding.UTF8.GetString(f.Value).Contains("Platypusgrove", StringComparison.Ordinal));
        Assert.DoesNotContain(site, f => f.Value.AsSpan().IndexOf("Platypusgrove"u8) >= 0);
    }

    private static byte[] ReplyPdf(string sentence)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("Note verbale", 12, new PdfPoint(50, 780), font);
        page.AddText(sentence, 11, new PdfPoint(50, 740), font);
        return builder.Build();
    }

    [Fact]
    public async Task Reply_withheld_after_publication_leaves_the_site()
    {
        Clock.SetUtcNow(AfterDemoClose);
        var reply = await AddReplyAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-2), "LATER-WITHHELD-BODY-5f5f");
        await PublishAsync(UsaSlug);
        Assert.Contains((await WholeSiteAsync()).Values, b => Encoding.UTF8.GetString(b) == "LATER-WITHHELD-BODY-5f5f");

        Replies.Replace(reply with { Confidentiality = new ConfidentialityRequest("ongoing investigation", "why", AfterDemoClose, "usa-user", new ConfidentialityDecision(true, "secretariat", AfterDemoClose, null)) });
        await PublishAsync(UsaSlug, ResponsePortal.Publication.PublishReasons.Republish);

        var site = await WholeSiteAsync();
        Assert.DoesNotContain(site, f => Encoding.UTF8.GetString(f.Value).Contains("LATER-WITHHELD-BODY-5f5f"));
        Assert.Contains("ongoing investigation", Encoding.UTF8.GetString(site["c/al-usa-2-2021/index.html"]));
    }
}
