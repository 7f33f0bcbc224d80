using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ResponsePortal.Publication;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// The DevHost with the demo case, after the USA replied and the dev clock moved past the close: the sweep's publish
/// job has put AL USA 2/2021 (with its reply) on the public site in every language.
/// </summary>
public sealed class PublishedSiteFixture : IAsyncLifetime
{
    private static readonly DateTimeOffset Close = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);

    public PortalFixture Portal { get; } = new();

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        using (var api = Portal.Api("usa"))
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(TestFiles.Pdf("Reply of the United States"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "files", "usa-reply.pdf");
            form.Add(new StringContent("en"), "language");
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/me/communications/al-usa-2-2021/replies") { Content = form };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await api.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"The USA reply failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        using var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl + "/") };
        var now = JsonDocument.Parse(await http.GetStringAsync("dev/clock")).RootElement.GetProperty("now").GetDateTimeOffset();
        var days = Math.Ceiling((Close - now).TotalDays) + 1;
        (await http.PostAsync($"dev/clock/advance?days={days}", null)).EnsureSuccessStatusCode();

        // Publish now through the service the sweep's queue job calls (the site command does the same), so the test
        // does not wait on timers and a publishing error surfaces here.
        var services = Portal.Host.Services;
        var outcome = await services.GetRequiredService<PublicationService>().PublishAsync(
            new PublishRequest(PublishRequest.CurrentSchemaVersion, "al-usa-2-2021", PublishReasons.WindowClosed, services.GetRequiredService<TimeProvider>().GetUtcNow(), "browser-test"), default);
        Assert.True(outcome.Succeeded, $"Publishing AL USA 2/2021 failed: {outcome.Problem?.Detail}");
    }

    public Task DisposeAsync() => Portal.DisposeAsync();
}

/// <summary>The public site, in a real browser: axe-core in English and French, and a communication page without JavaScript.</summary>
public sealed class PublicSiteAccessibilityTests(PublishedSiteFixture site) : IClassFixture<PublishedSiteFixture>
{
    private PortalFixture Portal => site.Portal;

    [Theory]
    [InlineData("en", "", 200)]
    [InlineData("en", "c/al-usa-2-2021/", 200)]
    [InlineData("en", "addressees/usa/", 200)]
    [InlineData("en", "search.html", 200)]
    [InlineData("en", "log/", 200)]
    [InlineData("en", "reports/", 200)]
    [InlineData("en", "no-such-page/", 404)]
    [InlineData("fr", "", 200)]
    [InlineData("fr", "c/al-usa-2-2021/", 200)]
    [InlineData("fr", "addressees/usa/", 200)]
    [InlineData("fr", "search.html", 200)]
    [InlineData("fr", "log/", 200)]
    [InlineData("fr", "reports/", 200)]
    [InlineData("fr", "no-such-page/", 404)]
    public async Task Public_page_has_no_serious_accessibility_violations(string language, string path, int status)
    {
        var name = $"{nameof(Public_page_has_no_serious_accessibility_violations)}-{language}-{(path.Length == 0 ? "home" : path.Trim('/').Replace('/', '-').Replace(".html", ""))}";
        await using var tab = await Portal.OpenAsync(name, language == "fr" ? "fr-FR" : "en-US");

        var response = await tab.Page.GotoAsync($"/site/{(language == "en" ? "" : language + "/")}{path}");
        Assert.Equal(status, response!.Status);
        Assert.Equal(language, await tab.Page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(tab.Page.Locator("nav.languages a[aria-current]")).ToHaveAttributeAsync("hreflang", language);
        await tab.ScreenshotAsync("page");

        await tab.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Communication_page_shows_the_letter_and_the_reply_without_javascript_and_switches_language_by_plain_links()
    {
        var context = await Portal.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.BaseUrl,
            JavaScriptEnabled = false,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var violations = await PolicyViolations.WatchAsync(context);
        await using var tab = new PortalPage(await context.NewPageAsync(), nameof(Communication_page_shows_the_letter_and_the_reply_without_javascript_and_switches_language_by_plain_links), violations);

        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        var main = tab.Page.Locator("main");
        await Assertions.Expect(main.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Letter", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(main.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Replies", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(main.Locator("a[download]")).ToHaveCountAsync(2); // the letter and the reply's file
        await Assertions.Expect(main.Locator("ol.items")).ToContainTextAsync("usa-reply.pdf");
        await Assertions.Expect(main.Locator("ol.items")).ToContainTextAsync("On time");
        // The text of the letter (a Word document) and of the reply (a PDF) under their links, the rest of a long text folded.
        var letter = main.Locator("#" + SitePages.LetterTextAnchor);
        await Assertions.Expect(letter).ToContainTextAsync("The file is the authoritative version.");
        await Assertions.Expect(letter.GetByText("We have the honour to address you")).ToBeVisibleAsync();
        var heading = letter.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Information received" });
        var question = letter.Locator("details li").First;
        await Assertions.Expect(heading).ToBeHiddenAsync();
        await Assertions.Expect(question).ToBeHiddenAsync();
        await letter.Locator("details > summary").ClickAsync();
        await Assertions.Expect(heading).ToBeVisibleAsync();
        await Assertions.Expect(question).ToBeVisibleAsync();
        await Assertions.Expect(question).ToContainTextAsync("Please provide");
        await Assertions.Expect(main.Locator("#" + SitePages.ReplyTextAnchor(1, 0))).ToContainTextAsync("Reply of the United States");
        await tab.ScreenshotAsync("en-no-javascript");

        await tab.Page.Locator("nav.languages").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Français" }).ClickAsync();
        // The link may lead to the place of the words in the letter's text (a fragment after the page's address).
        await tab.Page.WaitForURLAsync(url => url.Split('#')[0].EndsWith("/site/fr/c/al-usa-2-2021/", StringComparison.Ordinal));
        Assert.Equal("fr", await tab.Page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(main.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Réponses", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(main.Locator("ol.items")).ToContainTextAsync("Dans les délais");
        await Assertions.Expect(main.Locator("dl.facts")).ToContainTextAsync("mars 2021");
        await Assertions.Expect(main.Locator("#" + SitePages.LetterTextAnchor)).ToContainTextAsync("Le fichier fait foi.");
        // The shared files are linked from the French page too.
        var download = await main.Locator("a[download]").Last.GetAttributeAsync("href");
        var file = await tab.Page.APIRequest.GetAsync(new Uri(new Uri(tab.Page.Url), download).ToString());
        Assert.Equal(200, file.Status);
        await tab.ScreenshotAsync("fr-no-javascript");
    }

    [Fact]
    public async Task A_link_to_a_block_of_a_folded_text_opens_the_fold_and_shows_the_block()
    {
        await using var tab = await Portal.OpenAsync(nameof(A_link_to_a_block_of_a_folded_text_opens_the_fold_and_shows_the_block));
        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        var id = await tab.Page.Locator($"#{SitePages.LetterTextAnchor} details li").First.GetAttributeAsync("id");
        Assert.StartsWith(SitePages.LetterTextAnchor + "-", id);

        // What a search result links to (docs/publication.md): the browser opens the details element around the target.
        await tab.Page.GotoAsync($"/site/c/al-usa-2-2021/#{id}");

        await Assertions.Expect(tab.Page.Locator("#" + id)).ToBeInViewportAsync();
        await tab.ScreenshotAsync("block");
    }

    [Fact]
    public async Task Browse_lists_keep_each_bullet_beside_its_own_line()
    {
        await using var tab = await Portal.OpenAsync(nameof(Browse_lists_keep_each_bullet_beside_its_own_line));

        await tab.Page.GotoAsync("/site/search.html");

        var lists = tab.Page.Locator("main ul.browse");
        await Assertions.Expect(lists).ToHaveCountAsync(4);
        // A flex list (as before) lays items in a row and draws each marker over the previous item's text; a block
        // list with room on its left keeps every marker inside its own padding.
        var layout = await lists.First.EvaluateAsync<string>("""
            ul => {
              const style = getComputedStyle(ul);
              const first = ul.querySelector('li');
              return [style.display, parseFloat(style.paddingLeft) > 0, getComputedStyle(first).display, getComputedStyle(first).listStyleType].join(' ');
            }
            """);
        Assert.Equal("block true list-item disc", layout);
        await tab.ScreenshotAsync("browse");
    }

    [Fact]
    public async Task Public_pages_show_geneva_time_beside_utc()
    {
        await using var tab = await Portal.OpenAsync(nameof(Public_pages_show_geneva_time_beside_utc));

        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("22:59 UTC (23:59 in Geneva)");
        await tab.Page.GotoAsync("/site/es/c/al-usa-2-2021/");
        await Assertions.Expect(tab.Page.Locator("main")).ToContainTextAsync("22:59 UTC (23:59 en Ginebra)");
    }

    [Fact]
    public async Task Search_in_french_reads_the_shared_index_and_answers_in_french_with_links_to_french_pages()
    {
        await using var tab = await Portal.OpenAsync(nameof(Search_in_french_reads_the_shared_index_and_answers_in_french_with_links_to_french_pages), "fr-FR");

        await tab.Page.GotoAsync("/site/fr/search.html");
        await tab.Page.GetByLabel("Mots").FillAsync("Instagram");
        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Rechercher" }).ClickAsync();

        // Moving the clock past the close publishes all four demo letters; each is about Instagram.
        await Assertions.Expect(tab.Page.Locator("#search-status")).ToHaveTextAsync("4 résultats.");
        await Assertions.Expect(tab.Page.Locator("#results")).ToContainTextAsync("Réponse dans les délais");
        await Assertions.Expect(tab.Page.Locator("#results")).ToContainTextAsync("25 janvier 2021");
        await Assertions.Expect(tab.Page.Locator("#results")).Not.ToContainTextAsync("2021-01-25");
        await tab.Page.Locator("#results a", new PageLocatorOptions { HasText = "AL USA 2/2021" }).ClickAsync();
        // The link may lead to the place of the words in the letter's text (a fragment after the page's address).
        await tab.Page.WaitForURLAsync(url => url.Split('#')[0].EndsWith("/site/fr/c/al-usa-2-2021/", StringComparison.Ordinal));
        await tab.ScreenshotAsync("fr-search");
    }
}
