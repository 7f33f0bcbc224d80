using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Publication;

namespace ResponsePortal.DevHost.Publication;

/// <summary>
/// "site ..." commands: rebuild the public site, publish one communication, verify the publication log, export
/// the site to a folder for mirroring, and generate a synthetic archive. Each prints its progress.
/// </summary>
public sealed class SiteCommands(IServiceProvider services, TextWriter output)
{
    public const string Usage = """
        Usage: DevHost site <command>
          rebuild                         render the whole public site ($web) again from stored records
          publish <slug> [--republish]    publish one communication now (its window must have closed)
          verify                          verify the publication log's chain and every published file
          export --out DIR                copy the public site to a local folder (for mirrors)
          generate --count N --seed S [--out DIR] [--chunk C]
                                          render a deterministic synthetic archive (default: into $web)
        """;

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var progress = new Progress(output);
        switch (args.FirstOrDefault())
        {
            case "rebuild":
            {
                var stats = await services.GetRequiredService<PublicationService>().RebuildAsync(clean: true, progress, cancellationToken);
                output.WriteLine($"Rebuilt {stats.Communications} communications: {stats.HtmlPages} pages, {stats.FilesWritten} files in {stats.Elapsed.TotalSeconds:0.00} s ({stats.PagesPerSecond:0} pages/s).");
                return 0;
            }
            case "publish" when args.Length >= 2:
            {
                var reason = args.Contains("--republish") ? PublishReasons.Republish : PublishReasons.WindowClosed;
                var clock = services.GetRequiredService<TimeProvider>();
                var timer = Stopwatch.StartNew();
                output.WriteLine($"Publishing {args[1]} ...");
                var outcome = await services.GetRequiredService<PublicationService>().PublishAsync(
                    new PublishRequest(PublishRequest.CurrentSchemaVersion, args[1], reason, clock.GetUtcNow(), "cli"), cancellationToken);
                if (!outcome.Succeeded)
                {
                    output.WriteLine($"Not published: {outcome.Problem!.Detail}");
                    return 1;
                }
                output.WriteLine(outcome.Value!.Changed
                    ? $"Published {outcome.Value.Slug} in {timer.ElapsedMilliseconds} ms; log entry {outcome.Value.LogSequence}."
                    : $"{outcome.Value.Slug} was already published as it is; pages rewritten in {timer.ElapsedMilliseconds} ms, no log entry.");
                return 0;
            }
            case "verify":
            {
                var result = await services.GetRequiredService<PublicationLogVerifier>().VerifyAsync(progress, cancellationToken);
                output.WriteLine(result.Intact
                    ? $"The publication log is intact: {result.Entries} entries, {result.FilesChecked} published files match."
                    : $"MISMATCH: {result.FirstMismatch}");
                return result.Intact ? 0 : 1;
            }
            case "export" when Option(args, "--out") is { } folder:
            {
                var site = services.GetRequiredService<ISiteOutput>();
                var target = new LocalFolderSiteOutput(folder);
                int count = 0;
                await foreach (var path in site.ListAsync(cancellationToken))
                {
                    var bytes = await site.ReadAsync(path, cancellationToken);
                    if (bytes is not null)
                    {
                        await target.WriteAsync(path, bytes, SiteContentTypes.For(path), cancellationToken);
                        if (++count % 500 == 0)
                        {
                            output.WriteLine($"exported {count} files");
                        }
                    }
                }
                output.WriteLine($"Exported {count} files to {target.Root}.");
                return 0;
            }
            case "generate" when Option(args, "--count") is { } countText && Option(args, "--seed") is { } seedText
                                 && int.TryParse(countText, CultureInfo.InvariantCulture, out var count) && count >= 0
                                 && int.TryParse(seedText, CultureInfo.InvariantCulture, out var seed):
            {
                var portal = services.GetRequiredService<IOptions<PortalOptions>>().Value;
                var site = Option(args, "--out") is { } folder ? new LocalFolderSiteOutput(folder) : services.GetRequiredService<ISiteOutput>();
                var chunk = Option(args, "--chunk") is { } chunkText ? int.Parse(chunkText, CultureInfo.InvariantCulture) : 100;
                var stats = await GenerateAsync(site, portal.PublicSiteBaseUrl, portal.SecretariatTimeZone(), count, seed, chunk, progress, cancellationToken);
                output.WriteLine($"Generated {stats.Communications} synthetic communications: {stats.HtmlPages} pages, {stats.FilesWritten} files in {stats.Elapsed.TotalSeconds:0.00} s ({stats.PagesPerSecond:0} pages/s).");
                return 0;
            }
            default:
                output.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>A synthetic archive with its own (in-memory) publication log, rendered in one pass.</summary>
    public static async Task<SiteBuildStats> GenerateAsync(ISiteOutput site, string baseUrl, TimeZoneInfo timeZone, int count, int seed, int chunkSize, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var archive = new SyntheticArchive(seed, timeZone);
        var inputs = archive.Generate(count);
        progress?.Report($"generated {inputs.Count} synthetic communications (seed {seed})");
        var builder = new SiteBuilder(site, archive, new SiteSettings { BaseUrl = baseUrl, ChunkSize = chunkSize, ListChunkSize = Math.Min(chunkSize, 25) }, timeZone);
        var log = new InMemoryPublicationLog();
        foreach (var input in inputs)
        {
            var record = PublishedRecordFactory.Create(input, timeZone);
            var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(record, SiteBuilder.Json);
            var files = record.AllFiles.Select(f => new PublicationLogFile(f.Path, f.Sha256)).Append(new PublicationLogFile(SiteBuilder.RecordPath(record.Slug), SiteBuilder.Sha256(bytes))).ToList();
            await log.AppendAsync(record.PublishedAt, record.Slug, PublicationLogKinds.Publication, files, cancellationToken);
        }
        return await builder.BuildAllAsync(inputs, log, progress, cancellationToken);
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed class Progress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }

    /// <summary>Runs a command against the local storage (Azurite, started or reused) with the dev clock.</summary>
    public static async Task<int> RunLocalAsync(string[] args, string dataDirectory)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h")
        {
            Console.WriteLine(Usage);
            return 2;
        }
        await using var azurite = await LocalAzurite.StartOrReuseAsync(Path.Combine(dataDirectory, "azurite"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString })
            .AddEnvironmentVariables()
            .Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<TimeProvider>(new DevClock(Path.Combine(dataDirectory, "dev-clock-offset.txt")));
        collection.AddResponsePortal(configuration);
        await using var provider = collection.BuildServiceProvider();
        await provider.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
        return await new SiteCommands(provider, Console.Out).RunAsync(args, CancellationToken.None);
    }
}
