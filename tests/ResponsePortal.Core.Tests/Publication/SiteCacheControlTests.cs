using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class SiteCacheControlTests
{
    [Theory]
    [InlineData("files/ab/al-usa-2-2021-ab12cd34ef56ab78-letter.pdf")]
    [InlineData("fr/files/ab/x.pdf")]
    public void Documents_named_by_their_hash_are_cached_as_immutable(string path)
        => Assert.Equal("public, max-age=31536000, immutable", SiteCacheControl.For(path));

    [Theory]
    [InlineData("c/al-usa-2-2021/index.html")]
    [InlineData("fr/c/al-usa-2-2021/index.html")]
    [InlineData("c/al-usa-2-2021/record.json")]
    [InlineData("log/manifests/12.json")]
    [InlineData("site.css")]
    [InlineData("es/verify.html")]
    public void Communication_pages_manifests_and_assets_are_cached_for_five_minutes(string path)
        => Assert.Equal("public, max-age=300", SiteCacheControl.For(path));

    [Theory]
    [InlineData("index.html")]
    [InlineData("es/index.html")]
    [InlineData("communications/index.html")]
    [InlineData("feeds/all.xml")]
    [InlineData("data/lists/all/meta.json")]
    [InlineData("opendata/communications-0.csv")]
    [InlineData("log/head.json")]
    [InlineData("log.json")]
    [InlineData("fr/log/index.html")]
    [InlineData("sitemap.xml")]
    [InlineData("search.html")]
    public void What_every_publication_rewrites_is_cached_for_one_minute(string path)
        => Assert.Equal("public, max-age=60", SiteCacheControl.For(path));

    [Fact]
    public void A_folder_that_only_starts_like_a_language_is_not_one()
        => Assert.Equal("public, max-age=60", SiteCacheControl.For("files-index.html"));
}
