using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Secretariat;

/// <summary>
/// Issue 10: a letter that cannot be published (its stored document is gone) fails alone; the dashboard lists it
/// with its error, and once the document is back the secretariat's Retry publishes it.
/// </summary>
public sealed class PublicationFailureJourneyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string RomaniaSlug = "al-rou-1-2021";

    [Fact]
    public async Task A_failed_publication_is_listed_on_the_dashboard_and_published_by_its_retry_button()
    {
        var letters = new BlobServiceClient(portal.StorageConnectionString).GetBlobContainerClient("letters");
        var saved = new List<(BlobClient Blob, BinaryData Content)>();
        await portal.MoveClockPastTheCloseAsync(async () =>
        {
            await foreach (var item in letters.GetBlobsAsync(BlobTraits.None, BlobStates.None, RomaniaSlug + "/", default))
            {
                var blob = letters.GetBlobClient(item.Name);
                saved.Add((blob, (await blob.DownloadContentAsync()).Value.Content));
                await blob.DeleteAsync();
            }
        });
        Assert.NotEmpty(saved);
        using var site = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await site.GetAsync($"site/c/{RomaniaSlug}/")).StatusCode);
        Assert.True((await site.GetAsync("site/c/al-usa-2-2021/")).IsSuccessStatusCode, "the other letters publish");

        await using var tab = await portal.OpenAsync(nameof(A_failed_publication_is_listed_on_the_dashboard_and_published_by_its_retry_button));
        await tab.SignInAsync("secretariat");
        var row = tab.Page.Locator("#publication-failures tbody tr", new PageLocatorOptions { HasText = RomaniaSlug });
        await Assertions.Expect(row).ToContainTextAsync("FileNotFoundException");
        await tab.ScreenshotAsync("failure-listed");
        await tab.AssertAccessibleAsync();

        foreach (var (blob, content) in saved)
        {
            await blob.UploadAsync(content);
        }
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Retry" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#retry-result")).ToContainTextAsync("Publication queued again.");
        await portal.RunQueuesAsync();

        Assert.True((await site.GetAsync($"site/c/{RomaniaSlug}/")).IsSuccessStatusCode, "the retry published it");
        var failures = await portal.GetJsonAsync("secretariat", "api/monitoring/publication-failures");
        Assert.Equal(0, failures.GetProperty("failures").GetArrayLength());
    }
}
