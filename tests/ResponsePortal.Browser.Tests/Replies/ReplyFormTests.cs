using System.Text.Json;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Replies;

/// <summary>
/// The reply form's side of the contract with the direct-upload API (ADR 0104), checked by answering its final request
/// in the browser: the sessions and fields, the reply key (same on a retry, new for other files), and the messages for
/// refused files. The files themselves go to the test's Azurite; <see cref="ReplyJourneyTests"/> runs the whole journeys.
/// </summary>
public sealed class ReplyFormTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string FinalizePath = "**/api/me/communications/al-usa-2-2021/replies/from-uploads";
    private const string SessionsPath = "**/api/me/communications/al-usa-2-2021/uploads";

    private async Task<PortalPage> OpenLetterAsync(string testName)
    {
        var tab = await portal.OpenAsync(testName);
        await tab.SignInAsync("usa");
        await tab.GotoAsync("/letter.html?slug=al-usa-2-2021");
        return tab;
    }

    private static Task AnswerPostsAsync(IPage page, Func<IRoute, Task> answer)
        => page.RouteAsync(FinalizePath, route => route.Request.Method == "POST" ? answer(route) : route.ContinueAsync());

    /// <summary>The bodies of the session requests the page makes (one per file, again on every send).</summary>
    private static List<JsonElement> WatchSessions(IPage page)
    {
        var bodies = new List<JsonElement>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/uploads", StringComparison.Ordinal))
            {
                bodies.Add(JsonDocument.Parse(request.PostData!).RootElement.Clone());
            }
        };
        return bodies;
    }

    [Fact]
    public async Task The_form_uploads_the_files_and_sends_their_sessions_note_language_and_confidentiality_request_as_the_api_expects()
    {
        await using var tab = await OpenLetterAsync(nameof(The_form_uploads_the_files_and_sends_their_sessions_note_language_and_confidentiality_request_as_the_api_expects));
        var sessions = WatchSessions(tab.Page);
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
        var body = JsonDocument.Parse(sent.PostData!).RootElement;
        Assert.Equal("Covering note", body.GetProperty("note").GetString());
        Assert.Equal("fr", body.GetProperty("language").GetString());
        Assert.Equal("privacy-of-victims", body.GetProperty("confidentialityCategory").GetString());
        Assert.Equal("Names of the girls", body.GetProperty("confidentialityReason").GetString());
        Assert.Equal(2, body.GetProperty("sessions").GetArrayLength());
        Assert.Equal(["reply.pdf", "annex.txt"], sessions.Select(b => b.GetProperty("fileName").GetString()));
        Assert.Single(sessions.Select(b => b.GetProperty("replyKey").GetString()).Distinct());
        Assert.Matches("^[0-9a-f-]{32,36}$", sessions[0].GetProperty("replyKey").GetString());
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
    public async Task A_retry_after_a_lost_answer_reuses_the_reply_key_and_other_files_get_a_new_one()
    {
        await using var tab = await OpenLetterAsync(nameof(A_retry_after_a_lost_answer_reuses_the_reply_key_and_other_files_get_a_new_one));
        var sessions = WatchSessions(tab.Page);
        var finalized = new List<string>();
        await AnswerPostsAsync(tab.Page, route =>
        {
            finalized.Add(JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("sessions").GetRawText());
            return route.AbortAsync("connectionreset");
        });
        var result = tab.Page.Locator("#reply-result");
        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("reply.pdf", "Reply"));

        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(result).ToContainTextAsync("it is safe");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-form button[type=submit]")).ToBeEnabledAsync();
        await Assertions.Expect(result).ToContainTextAsync("it is safe");
        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("reply.pdf", "Another reply"));
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-form button[type=submit]")).ToBeEnabledAsync();
        await Assertions.Expect(result).ToContainTextAsync("it is safe");

        var keys = sessions.Select(b => b.GetProperty("replyKey").GetString()).ToList();
        Assert.Equal(3, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
        Assert.Equal(3, finalized.Count);
        Assert.Equal(finalized[0], finalized[1]);
        Assert.NotEqual(finalized[1], finalized[2]);
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
