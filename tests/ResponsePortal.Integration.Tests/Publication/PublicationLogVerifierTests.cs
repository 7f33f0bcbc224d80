using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.Azure.Publication;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Publication;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Publication;

public sealed class PublicationLogVerifierTests : PublicationHarness
{
    private async Task PublishDemoAsync()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await AddReplyAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-1), "A reply to verify.");
        foreach (var slug in new[] { "al-usa-2-2021", "al-rou-1-2021", "al-gbr-1-2021", "al-oth-1-2021" })
        {
            await PublishAsync(slug);
        }
    }

    [Fact]
    public async Task Log_of_published_demo_verifies()
    {
        await PublishDemoAsync();

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.True(result.Intact, result.FirstMismatch);
        Assert.Equal(4, result.Entries);
        // Every served file but the signed head, which its signature covers.
        Assert.Equal((await WholeSiteAsync()).Count - 1, result.FilesChecked);
        var head = await Get<IPublicationLog>().HeadAsync(default);
        Assert.Contains(head.Hash, await SiteTextAsync("log.json"));
        Assert.Contains(head.Hash, await SiteTextAsync("log/index.html"));
    }

    [Fact]
    public async Task One_changed_byte_in_a_published_file_is_reported()
    {
        await PublishDemoAsync();
        var record = System.Text.Json.JsonSerializer.Deserialize<PublishedRecord>((await SiteTextAsync("c/al-gbr-1-2021/record.json"))!, SiteBuilder.Json)!;
        var bytes = (await Get<ISiteOutput>().ReadAsync(record.Letter.Path, default))!;
        bytes[10] ^= 1;
        await Get<ISiteOutput>().WriteAsync(record.Letter.Path, bytes, "text/plain", default);

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.False(result.Intact);
        Assert.StartsWith(record.Letter.Path + " has SHA-256", result.FirstMismatch);
    }

    [Fact]
    public async Task Changed_log_entry_is_reported_as_the_first_mismatch()
    {
        await PublishDemoAsync();
        var table = Get<TableServiceClient>().GetTableClient(PublicationStorageNames.PublicationLogTable);
        var (pk, rk) = PublicationStorageKeys.LogEntry(2);
        var entity = (await table.GetEntityAsync<PublicationLogEntity>(pk, rk)).Value;
        entity.Slug = "al-xxx-1-2021";
        await table.UpdateEntityAsync(entity, entity.ETag);

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.False(result.Intact);
        Assert.Equal("Entry 2 was changed: its content does not hash to " + entity.Hash + ".", result.FirstMismatch);
    }

    /// <summary>
    /// Every legitimate kind of change: publications, an on-time reply with a note, a late reply, a correction, and
    /// the confidentiality case seen in issue 12 (accepted, refused, accepted again: the annex published, then removed).
    /// </summary>
    private async Task PublishEveryKindOfChangeAsync()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await AddReplyAsync(UsaSlug, "USA", DemoWindowClosesAt.AddDays(-2), "Reply of the United States.", "Covering note.");
        var annex = await AddReplyAsync("al-gbr-1-2021", "GBR", DemoWindowClosesAt.AddDays(-1), "Annex naming people.", null,
            new ConfidentialityRequest("privacy-of-victims", "It names the victims.", DemoWindowClosesAt.AddDays(-1), "user-gbr", null));
        foreach (var slug in new[] { UsaSlug, "al-rou-1-2021", "al-gbr-1-2021", "al-oth-1-2021" })
        {
            await PublishAsync(slug);
        }
        Clock.SetUtcNow(AfterDemoClose.AddDays(3));
        annex = await DecideAsync(annex, accepted: true);
        annex = await DecideAsync(annex, accepted: false);
        await DecideAsync(annex, accepted: true);
        await AddReplyAsync("al-rou-1-2021", "ROU", Clock.GetUtcNow(), "A late reply of Romania.");
        await PublishAsync("al-rou-1-2021", PublishReasons.LateReply);
        await RepublishAsync("al-oth-1-2021", "Summary corrected.");
    }

    [Fact]
    public async Task Accepted_refused_then_accepted_again_confidentiality_verifies()
    {
        await PublishEveryKindOfChangeAsync();

        var result = await Get<PublicationLogVerifier>().VerifyAsync(null, default);

        Assert.True(result.Intact, string.Join("\n", result.Mismatches));
        Assert.Equal((await WholeSiteAsync()).Count - 1, result.FilesChecked);
        var kinds = (await Get<IPublicationLog>().ListAsync(1, 100, default)).Select(e => e.Kind).ToList();
        Assert.Equal(["publication", "publication", "publication", "publication", "confidentiality-placeholder", "republication", "confidentiality-placeholder", "late-reply", "republication"], kinds);
    }

    [Fact]
    public async Task Repeating_a_job_changes_no_byte_and_adds_no_entry()
    {
        await PublishEveryKindOfChangeAsync();
        var before = await WholeSiteAsync();

        await PublishAsync(UsaSlug, PublishReasons.Republish);

        Assert.Equal(9, (await Get<IPublicationLog>().HeadAsync(default)).Sequence);
        var after = await WholeSiteAsync();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, file => Assert.True(file.Value.AsSpan().SequenceEqual(after[file.Key]), file.Key));
    }

    [Fact]
    public async Task Each_feed_entry_carries_the_log_head_it_was_published_after()
    {
        await PublishEveryKindOfChangeAsync();
        var log = await Get<IPublicationLog>().ListAsync(1, 100, default);

        var feed = System.Xml.Linq.XDocument.Parse((await SiteTextAsync("feeds/all.xml"))!);
        var heads = feed.Descendants(System.Xml.Linq.XName.Get("head", SitePages.LogNamespace)).ToList();

        Assert.Equal(3, heads.Count);
        foreach (var head in heads)
        {
            var sequence = long.Parse(head.Attribute("sequence")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(log[(int)sequence - 1].Hash, head.Attribute("hash")!.Value);
        }
    }

    /// <summary>One file of each class, as the issue lists them.</summary>
    private async Task<string[]> OneFileOfEachClassAsync()
    {
        var record = System.Text.Json.JsonSerializer.Deserialize<PublishedRecord>((await SiteTextAsync($"c/{UsaSlug}/record.json"))!, SiteBuilder.Json)!;
        return
        [
            $"c/{UsaSlug}/index.html", $"fr/c/{UsaSlug}/index.html", $"es/c/{UsaSlug}/index.html", "addressees/usa/index.html", "es/communications/page-1.html",
            "mandates/index.html", "feeds/all.xml", "opendata/replies-0.csv", "opendata/communications-0.json", "data/lists/all/0.json", "sitemaps/0.xml",
            "site.css", "log/0.json", "fr/log/index.html", "log/manifests/2.json", PublicationHeadFile.Path, record.Letter.Path, record.Replies[0].Files[0].Path,
            $"c/{UsaSlug}/record.json",
        ];
    }

    private static byte[] Tamper(string how, byte[] original) => how switch
    {
        "edit" => original.Select((b, i) => i == original.Length / 2 ? (byte)(b ^ 0x20) : b).ToArray(),
        "truncate" => original[..(original.Length / 2)],
        _ => throw new ArgumentOutOfRangeException(nameof(how)),
    };

    [Fact]
    public async Task Files_read_many_at_a_time_are_judged_in_path_order_whatever_the_order_they_arrive_in()
    {
        var folder = Directory.CreateTempSubdirectory("rp-verify-order-").FullName;
        try
        {
            var site = new LocalFolderSiteOutput(folder);
            var signer = new ReceiptKeyPublicationSigner(new ReceiptSigner(ReceiptSigner.NewKeyPem()));
            await SiteCommands.GenerateAsync(site, "https://example.org/", TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"), 60, 5, 10, null, default, signer);
            var files = Directory.EnumerateFiles(folder, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            // Damage files spread over the site, and delete one, so that reads finish in no particular order.
            foreach (var file in new[] { files[^1], files[files.Length / 2], files[3] })
            {
                await File.AppendAllTextAsync(file, " ");
            }
            File.Delete(files[files.Length / 3]);

            var one = await new PublicationLogVerifier(new SitePublicationLog(site), site).VerifyAsync(new VerifyOptions { Parallelism = 1 }, null, default);
            var many = await new PublicationLogVerifier(new SitePublicationLog(site), site).VerifyAsync(new VerifyOptions { Parallelism = 32 }, null, default);

            Assert.Equal(4, one.Mismatches.Count);
            Assert.Equal(one.Mismatches, many.Mismatches);
            var reported = one.Mismatches.Select(m => m.Split(' ')[0]).ToArray();
            Assert.Equal(reported.Order(StringComparer.Ordinal), reported);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Tampering_with_any_class_of_file_is_reported_with_its_path_in_storage_and_over_http()
    {
        await PublishEveryKindOfChangeAsync();
        // The same $web as files, served on 127.0.0.1 like the static website: each tamper is quick to make and undo.
        var folder = Path.Combine(Path.GetTempPath(), "rp-tamper-" + Guid.NewGuid().ToString("N"));
        var site = new LocalFolderSiteOutput(folder);
        foreach (var (path, bytes) in await WholeSiteAsync())
        {
            await site.WriteAsync(path, bytes, SiteContentTypes.For(path), default);
        }
        await using var server = await FolderServer.StartAsync(folder);
        var storage = new PublicationLogVerifier(Get<IPublicationLog>(), site);
        async Task<(LogVerification Storage, string Http)> VerifyBothAsync()
        {
            var output = new StringWriter();
            await SiteCommands.VerifyOverHttpAsync(["verify", "--url", server.Url], output);
            return (await storage.VerifyAsync(null, default), output.ToString());
        }
        try
        {
            var intact = await VerifyBothAsync();
            Assert.True(intact.Storage.Intact, string.Join("\n", intact.Storage.Mismatches));
            Assert.Contains("The publication log is intact", intact.Http);

            foreach (var path in await OneFileOfEachClassAsync())
            {
                var original = (await site.ReadAsync(path, default))!;
                foreach (var how in new[] { "edit", "truncate", "delete" })
                {
                    if (how == "delete")
                    {
                        await site.DeleteAsync(path, default);
                    }
                    else
                    {
                        await site.WriteAsync(path, Tamper(how, original), "", default);
                    }

                    var (inStorage, overHttp) = await VerifyBothAsync();

                    Assert.False(inStorage.Intact, $"{how} {path}: not detected in storage");
                    Assert.Contains(path, inStorage.FirstMismatch);
                    Assert.Contains("MISMATCH: ", overHttp);
                    Assert.Contains(path, overHttp.Split("MISMATCH: ")[1].Split('\n')[0]);
                    await site.WriteAsync(path, original, "", default);
                }
                var extra = path.Contains('.') ? path.Insert(path.LastIndexOf('.'), "-extra") : path + "-extra";
                await site.WriteAsync(extra, original, "", default);
                var added = await storage.VerifyAsync(null, default);
                Assert.False(added.Intact, $"extra {extra}: not detected in storage");
                Assert.Equal($"{extra} is served, but no entry of the log commits to it.", added.FirstMismatch);
                await site.DeleteAsync(extra, default);
            }
            Assert.True((await storage.VerifyAsync(null, default)).Intact);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_devhost_site_verifies_over_http_from_its_public_files_with_a_pinned_key_and_from_a_checkpoint()
    {
        await PublishEveryKindOfChangeAsync();
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, Get<IPublicationSigner>().PublicKeyPem);
        // The DevHost serves $web at /site/ as the storage static website does.
        var data = Directory.CreateTempSubdirectory("rp-verify-http-").FullName;
        var port = ChildProcess.FreePort();
        var host = await DevHostApp.StartAsync(new DevHostSettings
        {
            DataDirectory = data, Port = port, StorageConnectionString = Azurite.ConnectionString, RunTriggers = false, StartSmtp4dev = false, LoadDemoCase = false,
        });
        try
        {
            var output = new StringWriter();
            var code = await SiteCommands.VerifyOverHttpAsync(["verify", "--url", $"http://127.0.0.1:{port}/site/", "--key", keyFile], output);
            Assert.True(code == 0, output.ToString());
            Assert.Contains("The publication log is intact: 9 entries", output.ToString());

            var since = new StringWriter();
            Assert.Equal(0, await SiteCommands.VerifyOverHttpAsync(["verify", "--url", $"http://127.0.0.1:{port}/site/", "--since", "7"], since));
            Assert.Contains("chain: 9/9 entries verified", since.ToString());

            var otherKey = Path.GetTempFileName();
            await File.WriteAllTextAsync(otherKey, new ReceiptSigner(ReceiptSigner.NewKeyPem()).PublicKeyPem);
            var forged = new StringWriter();
            Assert.Equal(1, await SiteCommands.VerifyOverHttpAsync(["verify", "--url", $"http://127.0.0.1:{port}/site/", "--key", otherKey], forged));
            Assert.Contains("MISMATCH: log/head.json: the signature does not verify with the key given.", forged.ToString());
            File.Delete(otherKey);
        }
        finally
        {
            File.Delete(keyFile);
            await host.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}

/// <summary>A folder served over HTTP on 127.0.0.1 by <see cref="SiteServer"/>, as the static website serves $web.</summary>
public sealed class FolderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FolderServer(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public static async Task<FolderServer> StartAsync(string folder)
    {
        var port = ChildProcess.FreePort();
        var app = SiteServer.Build(folder, port);
        await app.StartAsync();
        return new FolderServer(app, $"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
