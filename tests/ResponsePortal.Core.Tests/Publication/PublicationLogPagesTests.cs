using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

/// <summary>The log pages across page boundaries: each complete page is committed by the entry that follows it.</summary>
public sealed class PublicationLogPagesTests : IDisposable
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rp-log-pages-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_site_published_one_by_one_across_several_log_pages_verifies_from_its_files_alone()
    {
        var archive = new SyntheticArchive(3, Geneva);
        var site = new LocalFolderSiteOutput(_root);
        var signer = new ReceiptKeyPublicationSigner(new ResponsePortal.Replies.ReceiptSigner(ResponsePortal.Replies.ReceiptSigner.NewKeyPem()));
        var builder = new SiteBuilder(site, archive, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 3, ListChunkSize = 3 }, Geneva, signer);
        var log = new InMemoryPublicationLog();
        foreach (var input in archive.Generate(11))
        {
            // As PublicationService does: stage, finalise a completed log page, manifest, entry, files, head.
            var staged = new StagedSiteOutput(site);
            var head = await log.HeadAsync(default);
            var prepared = await builder.On(staged).PrepareAsync(input, default);
            await builder.On(staged).ApplyAsync(prepared, default, head);
            var completed = new RecordingSiteOutput(site);
            await builder.On(completed).WriteCompletedLogPagesAsync(log, head.Sequence + 1, builder.CompletedChunkBefore(head.Sequence + 1), default);
            var manifest = staged.Changes().With(completed.Changes()).ToBytes();
            await site.WriteAsync(PublicationManifest.PathOf(head.Sequence + 1), manifest, "application/json", default);
            await log.AppendAsync(prepared.Record.PublishedAt, prepared.Record.Slug, PublicationLogKinds.Publication, prepared.Files, default, SiteBuilder.Sha256(manifest));
            await staged.CommitAsync(default);
            await builder.WriteLogHeadAsync(log, default);
        }

        var result = await new PublicationLogVerifier(new SitePublicationLog(site), site).VerifyAsync(null, default);

        Assert.True(result.Intact, string.Join("\n", result.Mismatches));
        Assert.Equal(11, result.Entries);
        Assert.Equal(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count() - 1, result.FilesChecked);
        Assert.True(File.Exists(Path.Combine(_root, "log", "2.json")));
        Assert.DoesNotContain("Head hash", await File.ReadAllTextAsync(Path.Combine(_root, "log", "page-1.html")));
    }
}
