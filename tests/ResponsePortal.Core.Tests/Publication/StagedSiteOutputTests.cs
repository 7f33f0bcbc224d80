using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class StagedSiteOutputTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rp-staged-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Nothing_reaches_the_target_before_commit_and_reads_see_the_staged_state()
    {
        var target = new LocalFolderSiteOutput(_root);
        await target.WriteAsync("old.html", "old"u8.ToArray(), "text/html", default);
        var staged = new StagedSiteOutput(target);

        await staged.WriteAsync("c/x/index.html", "page"u8.ToArray(), "text/html", default);
        await staged.DeleteAsync("old.html", default);

        Assert.Null(await target.ReadAsync("c/x/index.html", default));
        Assert.NotNull(await target.ReadAsync("old.html", default));
        Assert.Equal("page"u8.ToArray(), await staged.ReadAsync("c/x/index.html", default));
        Assert.Null(await staged.ReadAsync("old.html", default));
        Assert.True(await staged.ChangesTargetAsync(default));

        await staged.CommitAsync(default);

        Assert.Equal("page"u8.ToArray(), await target.ReadAsync("c/x/index.html", default));
        Assert.Null(await target.ReadAsync("old.html", default));
    }

    [Fact]
    public async Task Changes_name_each_written_path_with_its_hash_and_each_removed_path()
    {
        var staged = new StagedSiteOutput(new LocalFolderSiteOutput(_root));
        await staged.WriteAsync("b.json", "{}"u8.ToArray(), "application/json", default);
        await staged.WriteAsync("a.html", "x"u8.ToArray(), "text/html", default);
        await staged.DeleteAsync("gone.txt", default);

        var manifest = staged.Changes();

        Assert.Equal(["a.html", "b.json"], manifest.Written.Select(f => f.Path));
        Assert.Equal(SiteBuilder.Sha256("x"u8), manifest.Written[0].Sha256);
        Assert.Equal(["gone.txt"], manifest.Removed);
    }

    [Fact]
    public async Task Rewriting_identical_bytes_does_not_change_the_target()
    {
        var target = new LocalFolderSiteOutput(_root);
        await target.WriteAsync("a.html", "same"u8.ToArray(), "text/html", default);
        var staged = new StagedSiteOutput(target);
        await staged.WriteAsync("a.html", "same"u8.ToArray(), "text/html", default);
        await staged.DeleteAsync("never-there.html", default);

        Assert.False(await staged.ChangesTargetAsync(default));
    }
}
