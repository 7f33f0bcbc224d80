using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;
using ResponsePortal.Publication;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// Issue 14: the search page finds a word that only a reply's PDF contains, shows it marked in a snippet and
/// links to the place on the page; the same kind of word in a withheld reply is in no file the site serves.
/// The browser's normaliser gives the C# one's terms and buckets (tests/TestData/search-terms.json).
/// </summary>
public sealed class FullTextSearchTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    /// <summary>Words no demo text contains: one in the USA's reply, one in the UK's withheld reply.</summary>
    private const string PublishedWord = "Zanzibarite";
    private const string WithheldWord = "Quillwortian";

    /// <summary>Replies with one PDF of real text (not a scan) whose paragraphs are these.</summary>
    private async Task<string> ReplyWithPdfAsync(string persona, string slug, string fileName, string[] paragraphs, bool confidential)
    {
        using var api = portal.Api(persona);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestFiles.PdfParagraphs(paragraphs));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", fileName);
        form.Add(new StringContent("en"), "language");
        if (confidential)
        {
            form.Add(new StringContent("privacy-of-victims"), "confidentialityCategory");
            form.Add(new StringContent("The reply names the victims."), "confidentialityReason");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/me/communications/{slug}/replies") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Reply to {slug} failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task RepliesBeforeTheCloseAsync()
    {
        await ReplyWithPdfAsync("usa", "al-usa-2-2021", "usa-reply.pdf",
            ["Reply of the United States.", $"The platform closed the {PublishedWord} accounts that shared the images and reported them to the police.", $"Its {PublishedWord} policies on abuse images were changed."], confidential: false);
        var withheld = await ReplyWithPdfAsync("uk", "al-gbr-1-2021", "uk-reply.pdf",
            ["Reply of the United Kingdom.", $"The {WithheldWord} investigation names the victims."], confidential: true);
        using var secretariat = portal.Api("secretariat");
        var decided = await secretariat.PostAsync($"api/communications/al-gbr-1-2021/replies/{withheld}/confidentiality",
            new StringContent("{\"accepted\":true,\"note\":\"The reply names the victims.\"}", Encoding.UTF8, "application/json"));
        Assert.True(decided.IsSuccessStatusCode, $"Decision failed: {(int)decided.StatusCode} {await decided.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_word_only_in_a_reply_document_is_found_marked_in_the_snippet_and_linked_to_its_place()
    {
        await portal.MoveClockPastTheCloseAsync(RepliesBeforeTheCloseAsync);
        await using var tab = await portal.OpenAsync(nameof(A_word_only_in_a_reply_document_is_found_marked_in_the_snippet_and_linked_to_its_place));
        await tab.Page.GotoAsync("/site/search.html");
        var results = tab.Page.Locator("#results");

        var words = tab.Page.GetByRole(AriaRole.Searchbox).First;
        await words.FillAsync("zanzibarite ACCOUNT");
        await words.PressAsync("Enter");

        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("1 result.");
        var hit = results.Locator("li");
        await Assertions.Expect(hit.Locator("a")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^AL USA 2/2021 — "));
        await Assertions.Expect(hit.Locator(".snippet")).ToContainTextAsync("In reply 1:");
        await Assertions.Expect(hit.Locator(".snippet mark")).ToHaveTextAsync([PublishedWord, "accounts"]);
        // The reply's second paragraph (block 1) of its only file (0): docs/publication.md, "Anchors".
        Assert.EndsWith("c/al-usa-2-2021/#text-reply-1-file-0-1", await hit.Locator("a").GetAttributeAsync("href"));
        await tab.ScreenshotAsync("full-text-hit");
        await tab.AssertAccessibleAsync();

        // A word whose term is not the start of the word as written ("policies" → "policy") is still found in its
        // block: the page skips the blocks that cannot hold a word by the term's first letters, not by the whole term.
        await words.FillAsync($"{PublishedWord} policy");
        await words.PressAsync("Enter");
        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("1 result.");
        await Assertions.Expect(hit.Locator(".snippet mark")).ToHaveTextAsync([PublishedWord, "policies"]);
        Assert.EndsWith("c/al-usa-2-2021/#text-reply-1-file-0-2", await hit.Locator("a").GetAttributeAsync("href"));

        // A phrase must appear as written; the same words apart do not match it.
        await words.FillAsync($"\"{PublishedWord} accounts\"");
        await words.PressAsync("Enter");
        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("1 result.");
        await words.FillAsync($"\"accounts {PublishedWord}\"");
        await words.PressAsync("Enter");
        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("0 results.");

        // Filters narrow the same postings.
        await words.FillAsync(PublishedWord);
        await tab.Page.SelectOptionAsync("#addressee", "ROU");
        await words.PressAsync("Enter");
        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("0 results.");
    }

    [Fact]
    public async Task A_word_only_in_a_withheld_reply_is_not_found_and_is_in_no_file_of_the_site()
    {
        await portal.MoveClockPastTheCloseAsync(RepliesBeforeTheCloseAsync);
        await using var tab = await portal.OpenAsync(nameof(A_word_only_in_a_withheld_reply_is_not_found_and_is_in_no_file_of_the_site), "fr-FR");
        await tab.Page.GotoAsync("/site/fr/search.html");
        var words = tab.Page.GetByRole(AriaRole.Searchbox).First;
        await words.FillAsync(WithheldWord);
        await words.PressAsync("Enter");
        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("0 résultats.");

        var site = new BlobServiceClient(portal.StorageConnectionString).GetBlobContainerClient("$web");
        var files = 0;
        var term = SearchTerms.Of(WithheldWord).Single();
        await foreach (var blob in site.GetBlobsAsync())
        {
            var content = (await site.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            Assert.DoesNotContain(term, content, StringComparison.OrdinalIgnoreCase);
            files++;
        }
        Assert.True(files > 50, $"only {files} files were scanned: was the site published?");
    }

    [Fact]
    public async Task The_browser_normaliser_gives_the_terms_and_buckets_of_the_site_builder()
    {
        await portal.MoveClockPastTheCloseAsync(RepliesBeforeTheCloseAsync);
        await using var tab = await portal.OpenAsync(nameof(The_browser_normaliser_gives_the_terms_and_buckets_of_the_site_builder));
        await tab.Page.GotoAsync("/site/search.html");
        using var vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "search-terms.json")));
        var index = new SearchIndex(128, 1000, 100);

        foreach (var vector in vectors.RootElement.GetProperty("cases").EnumerateArray())
        {
            var text = vector.GetProperty("text").GetString()!;
            var expected = vector.GetProperty("terms").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var terms = await tab.Page.EvaluateAsync<string[]>("text => window.SiteSearch.terms(text)", text);
            Assert.Equal(expected, terms);
            foreach (var term in expected.Append("m:Special Rapporteur on violence against women, its causes and consequences"))
            {
                Assert.Equal(index.BucketOf(term), await tab.Page.EvaluateAsync<int>("t => window.SiteSearch.bucketOf(t, 128)", term));
            }
        }
    }
}
