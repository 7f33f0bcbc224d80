using System.Text.Json;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Replies;

/// <summary>
/// Journey 2's upload: a reply with several files, per-file progress, a receipt that verifies, refused files and a
/// safe retry. The page uploads through upload sessions straight to storage (ADR 0104) and makes the reply from them.
/// </summary>
public sealed class ReplyJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly byte[] LargeBytes = TestFiles.Pdf(new string('x', 3 * 1024 * 1024));

    private static FilePayload[] ThreeFiles() =>
    [
        new() { Name = "reply-letter.pdf", MimeType = "application/pdf", Buffer = LargeBytes },
        TestFiles.PdfFile("annex-1.pdf", "Annex one"),
        TestFiles.TextFile("annex-2.txt", "Annex two, plain text."),
    ];

    [Fact]
    public async Task Usa_persona_uploads_a_three_file_reply_with_progress_and_gets_a_receipt_that_verifies()
    {
        await using var tab = await portal.OpenAsync(nameof(Usa_persona_uploads_a_three_file_reply_with_progress_and_gets_a_receipt_that_verifies));
        await tab.SignInAsync("usa");
        await tab.GotoAsync("/letter.html?slug=al-usa-2-2021");
        var files = ThreeFiles();

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", files);
        await tab.Page.FillAsync("#reply-form [name=note]", "The reply of the United States, with two annexes.");
        await tab.Page.SelectOptionAsync("#reply-form [name=language]", "en");
        await tab.ScreenshotAsync("filled");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");

        await Assertions.Expect(tab.Page.Locator("#reply-result")).ToContainTextAsync("Your reply was received");
        await tab.ScreenshotAsync("sent");
        var bars = tab.Page.Locator("#reply-form progress");
        await Assertions.Expect(bars).ToHaveCountAsync(3);
        foreach (var bar in await bars.AllAsync())
        {
            Assert.Equal(100, await bar.EvaluateAsync<int>("b => b.value"));
        }

        await tab.Page.ClickAsync("#reply-result a");
        await tab.ReadyAsync();
        await tab.ScreenshotAsync("receipt");
        foreach (var file in files)
        {
            await Assertions.Expect(tab.Page.Locator("tr", new PageLocatorOptions { HasText = file.Name })).ToContainTextAsync(TestFiles.Sha256(file.Buffer));
        }
        var download = await tab.Page.RunAndWaitForDownloadAsync(() => tab.Page.ClickAsync("#download-receipt"));
        var receiptJson = await File.ReadAllTextAsync(await download.PathAsync());
        foreach (var file in files)
        {
            Assert.Contains(TestFiles.Sha256(file.Buffer), receiptJson, StringComparison.OrdinalIgnoreCase);
        }
        using (var anonymous = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") })
        {
            var publicKey = await anonymous.GetStringAsync("api/receipts/public-key");
            var check = ResponsePortal.Replies.ReceiptVerifier.Verify(receiptJson, publicKey);
            Assert.True(check.Valid, check.Explanation);
        }
        await tab.AssertAccessibleAsync();

        var letter = await portal.GetJsonAsync("usa", "api/me/communications/al-usa-2-2021");
        Assert.Equal("on-time", letter.GetProperty("replyStatus").GetString());
        Assert.Equal(1, letter.GetProperty("replyCount").GetInt32());
    }

    [Fact]
    public async Task The_replies_received_count_follows_each_new_reply_without_reloading()
    {
        await using var tab = await portal.OpenAsync(nameof(The_replies_received_count_follows_each_new_reply_without_reloading));
        await tab.SignInAsync("facebook");
        await tab.GotoAsync("/letter.html?slug=al-oth-1-2021");
        await Assertions.Expect(tab.Page.Locator("#reply-count")).ToHaveTextAsync("0");

        foreach (var (file, expected) in new[] { ("first.pdf", "1"), ("second.pdf", "2") })
        {
            await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile(file, "Reply " + file));
            await tab.Page.ClickAsync("#reply-form button[type=submit]");
            await Assertions.Expect(tab.Page.Locator("#my-replies tbody tr", new PageLocatorOptions { HasText = file })).ToHaveCountAsync(1);
            await Assertions.Expect(tab.Page.Locator("#reply-count")).ToHaveTextAsync(expected);
        }
        await tab.ScreenshotAsync("two-replies");
    }

    [Fact]
    public async Task A_file_the_portal_refuses_is_explained_and_nothing_is_stored()
    {
        await using var tab = await portal.OpenAsync(nameof(A_file_the_portal_refuses_is_explained_and_nothing_is_stored));
        await tab.SignInAsync("romania");
        await tab.GotoAsync("/letter.html?slug=al-rou-1-2021");

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", new FilePayload
        {
            Name = "reply.pdf", MimeType = "application/pdf", Buffer = "<html><body><script>alert(1)</script></body></html>"u8.ToArray(),
        });
        await tab.Page.ClickAsync("#reply-form button[type=submit]");

        var result = tab.Page.Locator("#reply-result");
        await Assertions.Expect(result).ToContainTextAsync("A file was refused because of its type.");
        await Assertions.Expect(result).ToContainTextAsync("reply.pdf");
        await tab.ScreenshotAsync("refused");
        var letter = await portal.GetJsonAsync("romania", "api/me/communications/al-rou-1-2021");
        Assert.Equal(0, letter.GetProperty("replyCount").GetInt32());
    }

    [Fact]
    public async Task A_lost_answer_is_asked_for_again_with_the_same_uploads_and_stored_once()
    {
        await using var tab = await portal.OpenAsync(nameof(A_lost_answer_is_asked_for_again_with_the_same_uploads_and_stored_once));
        await tab.SignInAsync("uk");
        await tab.GotoAsync("/letter.html?slug=al-gbr-1-2021");
        var sessions = new List<string>();
        var attempts = 0;
        await tab.Page.RouteAsync("**/api/me/communications/al-gbr-1-2021/replies/from-uploads", async route =>
        {
            sessions.Add(JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("sessions").GetRawText());
            if (++attempts == 1)
            {
                // The server makes the reply, but its answer never reaches the browser.
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });

        await tab.Page.SetInputFilesAsync("#reply-form input[type=file]", TestFiles.PdfFile("uk-reply.pdf", "Reply of the United Kingdom"));
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-result")).ToContainTextAsync("it is safe");
        await tab.ScreenshotAsync("lost-answer");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#reply-result")).ToContainTextAsync("Your reply was received");

        Assert.Equal(2, sessions.Count);
        Assert.Equal(sessions[0], sessions[1]);
        var replies = await portal.GetJsonAsync("uk", "api/me/communications/al-gbr-1-2021/replies");
        var list = replies.ValueKind == JsonValueKind.Array ? replies : replies.GetProperty("replies");
        Assert.Equal(1, list.GetArrayLength());
    }
}
