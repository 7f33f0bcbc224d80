using System.Text.Json;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

public sealed class BlobSiteOutputTests : PublicationHarness
{
    private async Task<string> CacheControlAsync(string path) => (await Web.GetBlobClient(path).GetPropertiesAsync()).Value.CacheControl;

    [Fact]
    public async Task Published_blobs_carry_the_cache_lifetime_of_their_class()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        var record = JsonSerializer.Deserialize<PublishedRecord>((await Get<ISiteOutput>().ReadAsync(SiteBuilder.RecordPath(UsaSlug), default))!, SiteBuilder.Json)!;

        Assert.Equal("public, max-age=31536000, immutable", await CacheControlAsync(record.Letter.Path));
        Assert.Equal("public, max-age=300", await CacheControlAsync($"fr/c/{UsaSlug}/index.html"));
        Assert.Equal("public, max-age=60", await CacheControlAsync("communications/index.html"));
        Assert.Equal("public, max-age=60", await CacheControlAsync("feeds/all.xml"));
        Assert.Equal("public, max-age=60", await CacheControlAsync("log/head.json"));
    }

    [Fact]
    public async Task Static_files_are_written_by_the_first_publication_of_a_process_and_committed_by_its_log_entry()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        await PublishAsync("al-rou-1-2021");

        var first = PublicationManifest.Parse((await Get<ISiteOutput>().ReadAsync(PublicationManifest.PathOf(1), default))!)!;
        var second = PublicationManifest.Parse((await Get<ISiteOutput>().ReadAsync(PublicationManifest.PathOf(2), default))!)!;
        Assert.Contains("site.css", first.Written.Select(f => f.Path));
        Assert.DoesNotContain("site.css", second.Written.Select(f => f.Path));
        var verification = await Get<PublicationLogVerifier>().VerifyAsync(null, default);
        Assert.True(verification.Intact, verification.FirstMismatch);
    }
}
