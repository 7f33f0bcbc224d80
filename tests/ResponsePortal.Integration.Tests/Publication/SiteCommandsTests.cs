using ResponsePortal.DevHost.Publication;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

public sealed class SiteCommandsTests : PublicationHarness
{
    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await new SiteCommands(Services, output).RunAsync(args, default);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Rebuild_renders_the_same_published_files_and_the_log_still_verifies()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await AddReplyAsync("al-rou-1-2021", "ROU", DemoWindowClosesAt.AddDays(-5), "Reply of Romania.");
        await PublishAsync(UsaSlug);
        await PublishAsync("al-rou-1-2021");
        var before = await WholeSiteAsync();
        await Get<ISiteOutput>().WriteAsync("stale/page.html", "old"u8.ToArray(), "text/html", default);

        var (code, output) = await RunAsync("rebuild");

        Assert.Equal(0, code);
        Assert.Contains("Rebuilt 2 communications", output);
        var after = await WholeSiteAsync();
        Assert.DoesNotContain("stale/page.html", after.Keys);
        // The rebuild is logged: one more entry, with its manifest.
        Assert.Equal(before.Keys.Append(PublicationManifest.PathOf(3)).Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before["c/al-rou-1-2021/record.json"], after["c/al-rou-1-2021/record.json"]);
        var (verifyCode, verifyOutput) = await RunAsync("verify");
        Assert.True(verifyCode == 0, verifyOutput);
        Assert.Contains($"The publication log is intact: 3 entries, {after.Count - 1} published files match.", verifyOutput);
    }

    [Fact]
    public async Task Site_commands_use_the_storage_and_data_folder_they_are_given()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        var data = Path.Combine(Path.GetTempPath(), "rp-site-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            var code = await SiteCommands.RunLocalAsync(["verify", "--storage", Azurite.ConnectionString, "--data", data], Path.Combine(data, "unused"), output: output);

            Assert.True(code == 0, output.ToString());
            Assert.Contains("Storage: the account given by --storage", output.ToString());
            Assert.Contains("The publication log is intact: 1 entries", output.ToString());
            Assert.False(Directory.Exists(Path.Combine(data, "azurite")), "no Azurite of its own was started");
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Publish_command_refuses_an_open_window_and_publishes_a_closed_one()
    {
        var (early, earlyOutput) = await RunAsync("publish", UsaSlug);
        Clock.SetUtcNow(AfterDemoClose);
        var (late, lateOutput) = await RunAsync("publish", UsaSlug);

        Assert.Equal(1, early);
        Assert.Contains("reply window is open", earlyOutput);
        Assert.Equal(0, late);
        Assert.Contains("Published al-usa-2-2021", lateOutput);
        Assert.NotNull(await SiteTextAsync("c/al-usa-2-2021/index.html"));
    }

    [Fact]
    public async Task Export_copies_the_whole_site_to_a_folder()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        var folder = Path.Combine(Path.GetTempPath(), "rp-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output) = await RunAsync("export", "--out", folder);

            var site = await WholeSiteAsync();
            Assert.Equal(0, code);
            Assert.Contains($"Exported {site.Count} files", output);
            foreach (var (path, bytes) in site)
            {
                Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(folder, path)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Generate_with_no_text_writes_the_archive_without_the_documents_text_and_the_index()
    {
        var with = Path.Combine(Path.GetTempPath(), "rp-generate-" + Guid.NewGuid().ToString("N"));
        var without = with + "-no-text";
        try
        {
            await RunAsync("generate", "--count", "12", "--seed", "5", "--out", with);
            var (code, output) = await RunAsync("generate", "--count", "12", "--seed", "5", "--out", without, "--no-text");

            Assert.Equal(0, code);
            Assert.Contains("Generated 12 synthetic communications", output);
            // The search benchmark reads the build's wall time and its CPU time from this line.
            var cpu = System.Text.RegularExpressions.Regex.Match(output, @" files in [0-9.]+ s \(.*, (?<cpu>[0-9.]+) s of CPU\)");
            Assert.True(cpu.Success, output);
            Assert.True(double.Parse(cpu.Groups["cpu"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, output);
            // The search benchmark's baseline (the site before issue 14): the same pages, no text in them or in the records, no index.
            Assert.True(File.Exists(Path.Combine(with, SearchIndex.IndexPath)));
            Assert.False(Directory.Exists(Path.Combine(without, "data", "search")));
            var records = Directory.GetFiles(Path.Combine(without, "c"), "record.json", SearchOption.AllDirectories);
            Assert.Equal(12, records.Length);
            Assert.All(records, record => Assert.DoesNotContain("\"blocks\"", File.ReadAllText(record)));
            Assert.Contains(Directory.GetFiles(Path.Combine(with, "c"), "record.json", SearchOption.AllDirectories), record => File.ReadAllText(record).Contains("\"blocks\""));
        }
        finally
        {
            foreach (var folder in new[] { with, without })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    [Fact]
    public async Task Generate_writes_the_same_synthetic_archive_for_the_same_seed()
    {
        var first = Path.Combine(Path.GetTempPath(), "rp-generate-" + Guid.NewGuid().ToString("N"));
        var second = first + "-again";
        try
        {
            var (code, output) = await RunAsync("generate", "--count", "30", "--seed", "5", "--out", first, "--chunk", "8");
            await RunAsync("generate", "--count", "30", "--seed", "5", "--out", second, "--chunk", "8");

            Assert.Equal(0, code);
            Assert.Contains("Generated 30 synthetic communications", output);
            var files = Directory.EnumerateFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order().ToList();
            Assert.Equal(30, files.Count(f => f.StartsWith("c/") && f.EndsWith("/index.html")));
            Assert.Contains("feeds/all/2.xml", files);
            // Every byte but the head's ECDSA signature, which is randomised by design.
            foreach (var file in files.Where(f => f != PublicationHeadFile.Path))
            {
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first, file)), await File.ReadAllBytesAsync(Path.Combine(second, file)));
            }
            var folder = new LocalFolderSiteOutput(first);
            var verification = await new PublicationLogVerifier(new SitePublicationLog(folder), folder).VerifyAsync(null, default);
            Assert.True(verification.Intact, verification.FirstMismatch);
            Assert.Equal(31, verification.Entries);
            Assert.Equal(files.Count - 1, verification.FilesChecked);
        }
        finally
        {
            foreach (var folder in new[] { first, second })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    [Fact]
    public async Task Generate_into_a_folder_starts_no_storage_and_the_archive_verifies()
    {
        var data = Path.Combine(Path.GetTempPath(), "rp-generate-data-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(data, "site");
        try
        {
            var output = new StringWriter();
            var code = await SiteCommands.RunLocalAsync(["generate", "--count", "12", "--seed", "3", "--out", folder, "--chunk", "5"], data, output: output);

            Assert.True(code == 0, output.ToString());
            Assert.Contains("Generated 12 synthetic communications", output.ToString());
            Assert.DoesNotContain("Storage:", output.ToString());
            Assert.False(Directory.Exists(Path.Combine(data, "azurite")), "no Azurite was started for a folder");
            var site = new LocalFolderSiteOutput(folder);
            var verification = await new PublicationLogVerifier(new SitePublicationLog(site), site).VerifyAsync(null, default);
            Assert.True(verification.Intact, verification.FirstMismatch);
            Assert.Equal(13, verification.Entries);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
