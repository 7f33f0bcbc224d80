using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Replies;

/// <summary>
/// The reply form's side of the contract with the replies API, checked by answering its request in the browser:
/// field names, the Idempotency-Key (same on a retry, new for a changed form), and the messages for refused files.
/// These run today; <see cref="ReplyJourneyTests"/> runs the same journeys against the real API.
/// </summary>
public sealed class ReplyFormTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string RepliesPath = "**/api/me/communications/al-usa-2-2021/replies";

    private async Task<PortalPage> OpenLetterAsync(string testName)
    {
        var tab = await portal.OpenAsync(testName);
        await tab.SignInAsync("usa");
        await tab.GotoAsync("/letter.html?slug=al-usa-2-2021");
        return tab;
    }

    private static Task AnswerPostsAsync(IPage page, Func<IRoute, Task> answer)
        => page.RouteAsync(RepliesPath, route => route.Request.Method == "POST" ? answer(route) : route.ContinueAsync());

    [Fact]
    public async Task The_form_sends_files_note_language_and_confidentiality_request_as_the_replies_api_expects()
    {
        await using var tab = await OpenLetterAsync(nameof(The_form_sends_files_note_language_and_confidentiality_request_as_the_replies_api_expects));
        IRequest? sent = null;
        await AnswerPostsAsync(tab.Page, route =>
        {
            sent = route.Request;
            return route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 201, ContentType = "application/json",
                Body = """{"id":"r-1","receivedAt":"2021-01-26T10:00:00Z","onTime":true,"daysLate":0,"files":[]}""",
            });
        });

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", [TestFiles.PdfFile("reply.pdf", "Reply"), TestFiles.TextFile("annex.txt", "Annex")]);
        await tab.Page.FillAsync("#reply-form [name=note]", "Covering note");
        await tab.Page.SelectOptionAsync("#reply-form [name=language]", "fr");
        await tab.Page.CheckAsync("#wants-confidentiality");
        await tab.Page.SelectOptionAsync("#reply-form [name=confidentialityCategory]", "privacy-of-victims");
        await tab.Page.FillAsync("#reply-form [name=confidentialityReason]", "Names of the girls");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");

        var result = tab.Page.Locator("#reply-result");
        await Assertions.Expect(result).ToContainTextAsync("Your reply was received on January 26, 2021");
        await Assertions.Expect(result.Locator("a")).ToHaveAttributeAsync("href", "receipt.html?slug=al-usa-2-2021&reply=r-1");
        await tab.ScreenshotAsync("sent");
        Assert.NotNull(sent);
        var body = sent.PostData!;
        Assert.Contains("name=\"files\"; filename=\"reply.pdf\"", body);
        Assert.Contains("name=\"files\"; filename=\"annex.txt\"", body);
        Assert.Contains("name=\"note\"\r\n\r\nCovering note", body);
        Assert.Contains("name=\"language\"\r\n\r\nfr", body);
        Assert.Contains("name=\"confidentialityCategory\"\r\n\r\nprivacy-of-victims", body);
        Assert.Contains("name=\"confidentialityReason\"\r\n\r\nNames of the girls", body);
        Assert.Matches("^[0-9a-f-]{32,36}$", sent.Headers["idempotency-key"]);
        foreach (var bar in await tab.Page.Locator("#reply-form progress").AllAsync())
        {
            Assert.Equal(100, await bar.EvaluateAsync<int>("b => b.value"));
        }
    }

    [Theory]
    [InlineData(415, "Unsupported file type", "reply.exe is not a document the portal accepts.", "A file was refused because of its type.")]
    [InlineData(413, "Too large", "The reply is 300 MB; the limit is 250 MB.", "The reply is too large.")]
    public async Task A_refused_reply_shows_the_servers_explanation(int status, string title, string detail, string lead)
    {
        await using var tab = await OpenLetterAsync($"{nameof(A_refused_reply_shows_the_servers_explanation)}-{status}");
        await AnswerPostsAsync(tab.Page, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = status, ContentType = "application/problem+json",
            Body = System.Text.Json.JsonSerializer.Serialize(new { status, title, detail }),
        }));

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("reply.exe", "not really"));
        await tab.Page.ClickAsync("#reply-form button[type=submit]");

        var result = tab.Page.Locator("#reply-result");
        await Assertions.Expect(result).ToHaveTextAsync($"{lead} {detail}");
        await Assertions.Expect(result).ToHaveAttributeAsync("role", "alert");
        await tab.ScreenshotAsync("refused");
        await tab.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_reuses_the_key_and_a_changed_form_gets_a_new_one()
    {
        await using var tab = await OpenLetterAsync(nameof(A_retry_after_a_lost_answer_reuses_the_key_and_a_changed_form_gets_a_new_one));
        var keys = new List<string>();
        await AnswerPostsAsync(tab.Page, route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            return route.AbortAsync("connectionreset");
        });
        var result = tab.Page.Locator("#reply-result");
        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("reply.pdf", "Reply"));

        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(result).ToContainTextAsync("it is safe");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-form button[type=submit]")).ToBeEnabledAsync();
        await tab.Page.FillAsync("#reply-form [name=note]", "Now with a note");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-form button[type=submit]")).ToBeEnabledAsync();

        Assert.Equal(3, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
    }

    [Fact]
    public async Task Sending_without_a_file_says_so_and_sends_nothing()
    {
        await using var tab = await OpenLetterAsync(nameof(Sending_without_a_file_says_so_and_sends_nothing));
        var posts = 0;
        await AnswerPostsAsync(tab.Page, route => { posts++; return route.AbortAsync(); });

        await tab.Page.ClickAsync("#reply-form button[type=submit]");

        await Assertions.Expect(tab.Page.Locator("#reply-result")).ToHaveTextAsync("Choose at least one file.");
        Assert.Equal(0, posts);
    }
}
