using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Publication;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>
/// A clean rebuild (<c>site rebuild</c>) stopped half-way, by a storage that fails or a process killed, leaves every
/// page of the public site where visitors find it: it writes first and removes only what it no longer renders, once
/// everything it wrote is in place. It used to clear <c>$web</c> first.
/// </summary>
public sealed class RebuildFaultTests : PublicationHarness
{
    private const string RomaniaSlug = "al-rou-1-2021";

    /// <summary>Two demo letters published (no replies: a DevHost process reads replies from storage, this harness from memory) and one stale file.</summary>
    private async Task<Dictionary<string, byte[]>> PublishedSiteAsync()
    {
        Clock.SetUtcNow(AfterDemoClose);
        await PublishAsync(UsaSlug);
        await PublishAsync(RomaniaSlug);
        await Get<ISiteOutput>().WriteAsync("stale/page.html", "old"u8.ToArray(), "text/html", default);
        return await WholeSiteAsync();
    }

    private async Task AssertEveryFileIsStillThereAsync(IEnumerable<string> paths)
    {
        var site = Get<ISiteOutput>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (await site.ReadAsync(path, default) is not { Length: > 0 })
            {
                missing.Add(path);
            }
        }
        Assert.True(missing.Count == 0, $"{missing.Count} files of the public site were gone after the rebuild stopped: {string.Join(", ", missing.Take(10))}");
    }

    private PublicationService PublisherOn(ISiteOutput output) => ActivatorUtilities.CreateInstance<PublicationService>(Services, Get<SiteBuilder>().On(output));

    [Fact]
    public async Task A_rebuild_whose_storage_fails_half_way_leaves_every_page_in_place_and_the_next_one_completes()
    {
        var before = await PublishedSiteAsync();
        var failing = new FaultyOutput(Get<ISiteOutput>(), writesBeforeFailing: before.Count / 2);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PublisherOn(failing).RebuildAsync(clean: true, null, default));

        Assert.Contains("The storage failed while", error.ToString());

        await AssertEveryFileIsStillThereAsync(before.Keys);
        Assert.True(failing.Writes >= before.Count / 2, "the storage failed before the rebuild had written half the site");
        Assert.Equal(0, failing.Deletes);

        // The next rebuild completes: the stale file goes (one delete, not one per file), and the log verifies.
        var counting = new FaultyOutput(Get<ISiteOutput>(), writesBeforeFailing: int.MaxValue);
        await PublisherOn(counting).RebuildAsync(clean: true, null, default);
        Assert.Equal(["stale/page.html"], counting.Deleted);
        var after = await WholeSiteAsync();
        Assert.DoesNotContain("stale/page.html", after.Keys);
        Assert.Equal(before["c/al-rou-1-2021/record.json"], after["c/al-rou-1-2021/record.json"]);
        var output = new StringWriter();
        var code = await new SiteCommands(Services, output).RunAsync(["verify"], default);
        Assert.True(code == 0, output.ToString());
    }

    [Fact]
    public async Task A_site_rebuild_process_killed_while_it_renders_leaves_every_page_in_place()
    {
        var before = await PublishedSiteAsync();
        var data = Directory.CreateTempSubdirectory("rp-rebuild-kill-").FullName;
        var lines = new List<string>();
        Process? process = null;
        try
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ResponsePortal.DevHost.dll"), "--storage", Azurite.ConnectionString, "--data", data, "site", "rebuild" })
            {
                info.ArgumentList.Add(arg);
            }
            process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the DevHost.");
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            // SIGKILL as soon as the rebuild says it renders: before that it has only listed the site and read storage.
            var killed = false;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.Contains("published communications to render", StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: false);
                    killed = true;
                    break;
                }
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(killed, "the rebuild never said it was rendering:\n" + string.Join("\n", lines));
        }
        finally
        {
            ChildProcess.Stop(process);
            process?.Dispose();
            Directory.Delete(data, recursive: true);
        }

        await AssertEveryFileIsStillThereAsync(before.Keys);
        // Killed in the middle, as it meant to be: it had listed the site and not finished.
        Assert.DoesNotContain(lines, l => l.StartsWith("Rebuilt ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" files on the site before the rebuild", StringComparison.Ordinal));
    }

    /// <summary>The site's storage, counting writes and deletes, whose writes fail after a given number (a storage outage).</summary>
    private sealed class FaultyOutput(ISiteOutput inner, int writesBeforeFailing) : ISiteOutput
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _deleted = new();
        private int _writes;

        public int Writes => _writes;

        public int Deletes => _deleted.Count;

        public IReadOnlyList<string> Deleted => [.. _deleted];

        public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
            => Interlocked.Increment(ref _writes) > writesBeforeFailing
                ? throw new IOException($"The storage failed while {path} was written.")
                : inner.WriteAsync(path, content, contentType, cancellationToken);

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken)
        {
            _deleted.Enqueue(path);
            return inner.DeleteAsync(path, cancellationToken);
        }

        public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }
}
