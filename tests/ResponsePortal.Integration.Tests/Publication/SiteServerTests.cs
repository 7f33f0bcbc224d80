using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Publication;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>"site serve": a site folder over HTTP, answering as the storage account's static website does.</summary>
public sealed class SiteServerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rp-site-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string path, string text)
    {
        var full = Path.Combine(_folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public async Task Folders_get_their_index_missing_files_the_root_404_page_and_files_the_publication_content_type()
    {
        Write("index.html", "home");
        Write("fr/index.html", "accueil");
        Write("404.html", "not here");
        Write("feeds/all.xml", "<feed/>");
        Write("opendata/replies-0.csv", "a,b");
        var port = ChildProcess.FreePort();
        await using var app = SiteServer.Build(_folder, port);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        Assert.Equal("home", await http.GetStringAsync(""));
        Assert.Equal("accueil", await http.GetStringAsync("fr/"));
        var missing = await http.GetAsync("c/nothing/");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not here", await missing.Content.ReadAsStringAsync());
        foreach (var path in new[] { "feeds/all.xml", "opendata/replies-0.csv", "index.html" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(SiteContentTypes.For(path), response.Content.Headers.ContentType!.ToString());
        }
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_refused_with_how_to_make_one()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => SiteServer.Build(Path.Combine(_folder, "none"), ChildProcess.FreePort()));

        Assert.Contains("site export --out DIR", error.Message);
    }
}
