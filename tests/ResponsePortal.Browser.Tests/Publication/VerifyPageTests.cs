using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Publication;

/// <summary>
/// Issue 12: "Verify this site" checks, in the browser with WebCrypto and from public files only, the chain, the
/// signed head and the page the reader came from; a changed byte on that page is reported with its path.
/// </summary>
public sealed class VerifyPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string UsaPage = "c/al-usa-2-2021/index.html";

    [Fact]
    public async Task The_page_a_reader_came_from_verifies_and_a_changed_byte_on_it_is_reported()
    {
        await portal.MoveClockPastTheCloseAsync(() => portal.ReplyAsync("usa", "al-usa-2-2021", "usa-reply.pdf"));
        await using var tab = await portal.OpenAsync(nameof(The_page_a_reader_came_from_verifies_and_a_changed_byte_on_it_is_reported));
        var result = tab.Page.Locator("#verify-result");

        await tab.Page.GotoAsync("/site/" + UsaPage);
        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Verify this site" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#page")).ToHaveValueAsync(UsaPage);
        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(result).ToHaveTextAsync("Intact: the page and the publication log match.", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(tab.Page.Locator("#verify-steps")).ToContainTextAsync("Signed head: entry");
        await tab.ScreenshotAsync("intact");
        await tab.AssertAccessibleAsync();

        var blob = new BlobServiceClient(portal.StorageConnectionString).GetBlobContainerClient("$web").GetBlobClient(UsaPage);
        var original = (await blob.DownloadContentAsync()).Value;
        try
        {
            var changed = original.Content.ToArray();
            changed[changed.Length / 2] ^= 0x01;
            await blob.UploadAsync(BinaryData.FromBytes(changed), new BlobUploadOptions { HttpHeaders = new() { ContentType = original.Details.ContentType } });

            await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify" }).ClickAsync();

            await Assertions.Expect(result).ToContainTextAsync($"Mismatch: {UsaPage} has SHA-256", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
            await tab.ScreenshotAsync("tampered");
        }
        finally
        {
            await blob.UploadAsync(original.Content, new BlobUploadOptions { HttpHeaders = new() { ContentType = original.Details.ContentType } });
        }
    }

    [Fact]
    public async Task A_changed_log_entry_fails_the_chain_in_french()
    {
        await portal.MoveClockPastTheCloseAsync(() => portal.ReplyAsync("usa", "al-usa-2-2021", "usa-reply.pdf"));
        await using var tab = await portal.OpenAsync(nameof(A_changed_log_entry_fails_the_chain_in_french), "fr-FR");
        var blob = new BlobServiceClient(portal.StorageConnectionString).GetBlobContainerClient("$web").GetBlobClient("log/0.json");
        var original = (await blob.DownloadContentAsync()).Value;
        try
        {
            await blob.UploadAsync(BinaryData.FromString(original.Content.ToString().Replace("al-usa-2-2021", "al-usa-9-2021")), overwrite: true);

            await tab.Page.GotoAsync("/site/fr/verify.html?page=fr/index.html");
            await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Vérifier" }).ClickAsync();

            await Assertions.Expect(tab.Page.Locator("#verify-result")).ToContainTextAsync("Divergence: Entry", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
            await Assertions.Expect(tab.Page.Locator("#verify-result")).ToContainTextAsync("(in log/0.json) was changed.");
        }
        finally
        {
            await blob.UploadAsync(original.Content, overwrite: true);
        }
    }
}
