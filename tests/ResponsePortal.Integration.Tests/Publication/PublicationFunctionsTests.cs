using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Publication;

public sealed class PublicationFunctionsTests : PublicationHarness
{
    [Fact]
    public async Task Demo_case_published_after_its_window_closes_has_every_expected_page()
    {
        Clock.SetUtcNow(AfterDemoClose);

        await PublishAsync(UsaSlug);

        var page = await SiteTextAsync("c/al-usa-2-2021/index.html");
        Assert.NotNull(page);
        Assert.Contains("AL USA 2/2021", page);
        Assert.Contains("Sexual abuse images of girls shared through Instagram accounts", page);
        Assert.Contains("United States of America", page);
        Assert.Contains("No reply has been received.", page);
        Assert.Contains("<time datetime=\"2021-03-26T22:59:59.999Z\">", page);
        Assert.Contains("<time datetime=\"2021-03-27T00:00:00.000Z\">", page);
        foreach (var path in new[]
        {
            "index.html", "communications/index.html", "communications/page-1.html", "addressees/index.html", "addressees/usa/index.html",
            "mandates/index.html", "mandates/special-rapporteur-on-the-sale-and-sexual-exploitation-of-children/index.html", "years/2021/index.html",
            "types/al/index.html", "search.html", "search.js", "site.css", "404.html", "feeds/all.xml", "feeds/addressees/usa.xml",
            "data/lists/all/0.json", "opendata/communications-0.json", "opendata/communications-0.csv", "opendata/replies-0.csv", "opendata/index.json",
            "sitemap.xml", "sitemaps/0.xml", "log.json", "log/index.html", "log/0.json", "c/al-usa-2-2021/record.json",
        })
        {
            Assert.True(await SiteTextAsync(path) is not null, $"{path} is missing");
        }
        Assert.Contains("AL USA 2/2021", await SiteTextAsync("index.html"));
        Assert.Contains("AL USA 2/2021", await SiteTextAsync("addressees/usa/index.html"));
        Assert.DoesNotContain("AL ROU 1/2021", await SiteTextAsync("index.html"));

        var record = JsonSerializer.Deserialize<PublishedRecord>((await SiteTextAsync("c/al-usa-2-2021/record.json"))!, SiteBuilder.Json)!;
        var letter = await Web.GetBlobClient(record.Letter.Path).DownloadContentAsync();
        Assert.Equal(record.Letter.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(letter.Value.Content.ToArray())));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", letter.Value.Details.ContentType);
        // The demo letter is a Word document: its text is read at publication and shown under its link.
        Assert.Contains(record.Letter.Text!.Blocks, b => b.Text == "Reference: AL USA 2/2021");
        Assert.Contains(">Information received</h4>", page);
        var html = await Web.GetBlobClient("c/al-usa-2-2021/index.html").GetPropertiesAsync();
        Assert.Equal("text/html; charset=utf-8", html.Value.ContentType);
        Assert.Equal("application/atom+xml; charset=utf-8", (await Web.GetBlobClient("feeds/all.xml").GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task Communication_page_is_under_30_KB_of_html_and_css_besides_the_documents_text()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await AddReplyAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-3), "Reply of the United States.", "Covering note.");

        await PublishAsync(UsaSlug);

        var page = (await Web.GetBlobClient("c/al-usa-2-2021/index.html").DownloadContentAsync()).Value.Content.ToString();
        // The documents' text comes on top of the page's budget, as long as the documents are (issue 14).
        var texts = System.Text.RegularExpressions.Regex.Matches(page, "<div class=\"doctext\"[\\s\\S]*?</div>(<p class=\"note\">[^<]*</p>)?</div>");
        Assert.Equal(2, texts.Count); // the letter's and the reply's
        var html = Encoding.UTF8.GetByteCount(page) - texts.Sum(t => Encoding.UTF8.GetByteCount(t.Value));
        var css = (await Web.GetBlobClient("site.css").DownloadContentAsync()).Value.Content.ToArray().Length;
        Assert.True(html + css < 30 * 1024, $"HTML {html} (besides the text) + CSS {css} bytes");
    }

    [Fact]
    public async Task Job_before_the_window_closes_publishes_nothing()
    {
        Clock.SetUtcNow(DemoWindowClosesAt);

        await PublishAsync(UsaSlug);

        Assert.Empty(await WholeSiteAsync());
        Assert.Null((await Get<ResponsePortal.Communications.ICommunicationRepository>().FindAsync(UsaSlug, default))!.PublishedAt);
    }

    [Fact]
    public async Task Late_reply_after_publication_appears_with_its_late_mark()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 30, 10, 0, 0, TimeSpan.Zero));

        var reply = await AddReplyAsync(UsaSlug, "USA", Clock.GetUtcNow(), "The late reply of the United States.");
        await PublishAsync(UsaSlug, PublishReasons.LateReply);

        Assert.Equal(4, reply.DaysLate);
        var page = (await SiteTextAsync("c/al-usa-2-2021/index.html"))!;
        Assert.Contains("Late by 4 days", page);
        Assert.Contains("Reply received 4 days late.", page);
        var record = JsonSerializer.Deserialize<PublishedRecord>((await SiteTextAsync("c/al-usa-2-2021/record.json"))!, SiteBuilder.Json)!;
        var file = Assert.Single(Assert.Single(record.Replies).Files);
        Assert.Equal("The late reply of the United States.", (await Web.GetBlobClient(file.Path).DownloadContentAsync()).Value.Content.ToString());
        Assert.Contains("Replied late", await SiteTextAsync("addressees/usa/index.html"));
        var log = JsonDocument.Parse((await SiteTextAsync("log/0.json"))!).RootElement;
        Assert.Equal(["publication", "late-reply"], log.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList());
    }

    [Fact]
    public async Task Repeated_job_changes_nothing_and_adds_no_log_entry()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        var before = await WholeSiteAsync();

        Clock.Advance(TimeSpan.FromHours(1));
        await PublishAsync(UsaSlug);

        var after = await WholeSiteAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, b => Assert.Equal(b.Value, after[b.Key]));
        Assert.Equal(1, (await Get<IPublicationLog>().HeadAsync(default)).Sequence);
    }

    [Fact]
    public async Task Subject_with_a_script_tag_is_shown_as_text_everywhere()
    {
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 1, 8, 0, 0, TimeSpan.Zero));
        await RegisterAsync("AL USA 9/2021", "<script>alert(1)</script>", "2021-01-25", "Letter text.", summary: "Summary with <img src=x onerror=alert(2)> inside.");
        Clock.SetUtcNow(AfterDemoClose);
        await AddReplyAsync("al-usa-9-2021", "USA", DemoWindowClosesAt.AddDays(-1), "Reply.", note: "<b onmouseover=alert(3)>note</b>");

        await PublishAsync("al-usa-9-2021");

        foreach (var path in new[] { "c/al-usa-9-2021/index.html", "index.html", "addressees/usa/index.html", "communications/index.html" })
        {
            var html = (await SiteTextAsync(path))!;
            Assert.DoesNotContain("<script>alert(1)</script>", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }
        var page = (await SiteTextAsync("c/al-usa-9-2021/index.html"))!;
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", page);
        Assert.Contains("&lt;b onmouseover=alert(3)&gt;note&lt;/b&gt;", page);
        Assert.DoesNotContain("<b onmouseover", page);
        var feed = XDocument.Parse((await SiteTextAsync("feeds/all.xml"))!);
        Assert.Contains(feed.Descendants(XName.Get("title", SitePages.AtomNamespace)), t => t.Value.Contains("<script>alert(1)</script>"));
    }

    [Fact]
    public async Task Secretariat_republishes_a_correction_and_the_page_says_when()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        Clock.SetUtcNow(new DateTimeOffset(2021, 4, 2, 9, 30, 0, TimeSpan.Zero));

        var request = Request("POST", $"/api/communications/{UsaSlug}/republish", TokenFor("secretariat"), new StringContent("{\"note\":\"Typo in the summary fixed.\"}", System.Text.Encoding.UTF8, "application/json"));
        var response = await ExecuteAsync(request, await Get<PublicationFunctions>().RepublishCommunication(request, UsaSlug, default));
        var job = Assert.Single(await QueuedPublishJobsAsync());
        await Get<PublicationFunctions>().PublishCommunication(job, 1, default);

        Assert.Equal(202, response.Status);
        var page = (await SiteTextAsync("c/al-usa-2-2021/index.html"))!;
        Assert.Contains("This page was corrected and republished on <time datetime=\"2021-04-02T09:30:00.000Z\">", page);
        Assert.Contains("Typo in the summary fixed.", page);
        var log = JsonDocument.Parse((await SiteTextAsync("log/0.json"))!).RootElement;
        Assert.Equal("republication", log[1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Republish_before_publication_is_a_conflict_and_queues_nothing()
    {
        var request = Request("POST", $"/api/communications/{UsaSlug}/republish", TokenFor("secretariat"), new StringContent("{\"note\":\"fix\"}", System.Text.Encoding.UTF8, "application/json"));
        var response = await ExecuteAsync(request, await Get<PublicationFunctions>().RepublishCommunication(request, UsaSlug, default));

        Assert.Equal(409, response.Status);
        Assert.Empty(await QueuedPublishJobsAsync());
    }

    [Fact]
    public async Task Republish_without_a_note_is_refused()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);

        var request = Request("POST", $"/api/communications/{UsaSlug}/republish", TokenFor("secretariat"), new StringContent("{\"note\":\"  \"}", System.Text.Encoding.UTF8, "application/json"));
        var response = await ExecuteAsync(request, await Get<PublicationFunctions>().RepublishCommunication(request, UsaSlug, default));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task Addressee_cannot_republish()
    {
        var request = Request("POST", $"/api/communications/{UsaSlug}/republish", TokenFor("usa"), new StringContent("{\"note\":\"fix\"}", System.Text.Encoding.UTF8, "application/json"));
        var response = await ExecuteAsync(request, await Get<PublicationFunctions>().RepublishCommunication(request, UsaSlug, default));

        Assert.Equal(403, response.Status);
    }

    [Fact]
    public async Task Malformed_job_is_dropped_without_publishing()
    {
        Clock.SetUtcNow(AfterDemoClose);

        await Get<PublicationFunctions>().PublishCommunication("{not json", 1, default);
        await Get<PublicationFunctions>().PublishCommunication("{\"schemaVersion\":1,\"slug\":\"al-usa-2-2021\",\"reason\":\"because\"}", 1, default);

        Assert.Empty(await WholeSiteAsync());
    }

    [Fact]
    public async Task Atom_feeds_are_valid_atom_with_required_elements()
    {
        Clock.SetUtcNow(AfterDemoClose);
        foreach (var slug in new[] { "al-usa-2-2021", "al-rou-1-2021", "al-gbr-1-2021", "al-oth-1-2021" })
        {
            await PublishAsync(slug);
        }

        foreach (var path in new[] { "feeds/all.xml", "feeds/addressees/usa.xml", "feeds/addressees/facebook.xml", "feeds/mandates/special-rapporteur-on-trafficking-in-persons-especially-women-and-children.xml" })
        {
            AtomAssert.Valid(XDocument.Parse((await SiteTextAsync(path))!), path);
        }
        var all = XDocument.Parse((await SiteTextAsync("feeds/all.xml"))!);
        Assert.Equal(4, all.Root!.Elements(XName.Get("entry", SitePages.AtomNamespace)).Count());
    }
}

/// <summary>Checks an Atom document against RFC 4287's required elements (no syndication library is available).</summary>
public static class AtomAssert
{
    private static XName A(string name) => XName.Get(name, SitePages.AtomNamespace);

    public static void Valid(XDocument feed, string what)
    {
        var root = feed.Root!;
        Assert.True(root.Name == A("feed"), $"{what}: root is {root.Name}");
        Assert.Single(root.Elements(A("id")));
        Assert.Single(root.Elements(A("title")));
        Assert.True(DateTimeOffset.TryParse(Assert.Single(root.Elements(A("updated"))).Value, out _), $"{what}: updated is not a date");
        Assert.Contains(root.Elements(A("link")), l => (string?)l.Attribute("rel") == "self" && Uri.IsWellFormedUriString((string?)l.Attribute("href"), UriKind.Absolute));
        var feedHasAuthor = root.Elements(A("author")).Any(a => a.Element(A("name")) is not null);
        foreach (var entry in root.Elements(A("entry")))
        {
            Assert.True(Uri.IsWellFormedUriString(Assert.Single(entry.Elements(A("id"))).Value, UriKind.Absolute), $"{what}: entry id is not an IRI");
            Assert.Single(entry.Elements(A("title")));
            Assert.True(DateTimeOffset.TryParse(Assert.Single(entry.Elements(A("updated"))).Value, out _));
            Assert.True(feedHasAuthor || entry.Elements(A("author")).Any(), $"{what}: entry without author");
            Assert.True(entry.Elements(A("content")).Any() || entry.Elements(A("link")).Any(l => (string?)l.Attribute("rel") is null or "alternate"), $"{what}: entry without content or alternate link");
        }
    }
}
