using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Replies;
using ResponsePortal.Replies;
using ResponsePortal.Publication;

namespace ResponsePortal.DevHost.Publication;

/// <summary>
/// "site ..." commands: rebuild the public site, publish one communication, verify the publication log, export
/// the site to a folder for mirroring, and generate a synthetic archive. Each prints its progress.
/// </summary>
public sealed class SiteCommands(IServiceProvider services, TextWriter output)
{
    public const string Usage = """
        Usage: DevHost [--data DIR] [--storage CONNECTION-STRING] site <command> (the two options may also follow the command)
          rebuild                         render the whole public site ($web) again from stored records
          publish <slug> [--republish]    publish one communication now (its window must have closed)
          verify [--since N]              verify the log's chain, its signed head and every file of $web (storage)
          verify --url URL [--since N] [--key PEM-FILE] [--parallel P]
                                          verify a site from its public files only, over HTTP (e.g. http://127.0.0.1:7071/site/),
                                          P files at a time (default 16)
          serve --dir DIR [--port P]      serve a site folder over HTTP as the static website does (default port 8080)
          export --out DIR                copy the public site to a local folder (for mirrors)
          generate --count N --seed S [--out DIR] [--chunk C] [--no-text]
                                          render a deterministic synthetic archive (default: into $web);
                                          --no-text: without the documents' text and the full-text index
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
                var options = VerifyOptionsFrom(args);
                var result = await services.GetRequiredService<PublicationLogVerifier>().VerifyAsync(options, progress, cancellationToken);
                return Report(result, output);
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
            case "generate":
            {
                var portal = services.GetRequiredService<IOptions<PortalOptions>>().Value;
                var intoFolder = Option(args, "--out") is not null;
                var site = intoFolder ? new LocalFolderSiteOutput(Option(args, "--out")!) : services.GetRequiredService<ISiteOutput>();
                int? concurrency = intoFolder ? null : services.GetRequiredService<IOptions<PublicationOptions>>().Value.StorageConcurrency;
                return await GenerateCommandAsync(args, site, portal, services.GetService<IPublicationSigner>(), concurrency, output);
            }
            default:
                output.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>
    /// A synthetic archive with its own (in-memory) publication log, rendered in one pass: one entry per
    /// communication, then one entry whose manifest commits to every file written, and the signed head when a
    /// signer is given. It verifies from its files alone (<see cref="SitePublicationLog"/>).
    /// </summary>
    /// <param name="storageConcurrency">Writes in flight at once (<see cref="SiteSettings.StorageConcurrency"/>); by default twice the cores, right for a folder.</param>
    /// <param name="log">Receives the archive's entries (a benchmark stores them); a fresh in-memory log otherwise.</param>
    /// <param name="text">False: the site as before issue 14, without the documents' text and the full-text index (the search benchmark's baseline).</param>
    public static async Task<SiteBuildStats> GenerateAsync(ISiteOutput site, string baseUrl, TimeZoneInfo timeZone, int count, int seed, int chunkSize, IProgress<string>? progress, CancellationToken cancellationToken,
        IPublicationSigner? signer = null, int? storageConcurrency = null, InMemoryPublicationLog? log = null, bool text = true)
    {
        var clock = Stopwatch.StartNew();
        var archive = new SyntheticArchive(seed, timeZone);
        var inputs = archive.Generate(count);
        progress?.Report($"generated {inputs.Count} synthetic communications (seed {seed}) in {clock.Elapsed.TotalSeconds:0.0} s");
        // Into storage the uploads are pipelined (bounded by the setting); a folder is written by the rendering threads.
        var uploads = storageConcurrency is { } inFlight ? new PipelinedSiteOutput(site, inFlight) : null;
        var recording = new RecordingSiteOutput(uploads ?? site);
        var settings = new SiteSettings { BaseUrl = baseUrl, ChunkSize = chunkSize, ListChunkSize = Math.Min(chunkSize, 25) };
        if (storageConcurrency is { } concurrency)
        {
            settings = new SiteSettings { BaseUrl = baseUrl, ChunkSize = chunkSize, ListChunkSize = Math.Min(chunkSize, 25), StorageConcurrency = concurrency };
        }
        if (!text)
        {
            settings = new SiteSettings
            {
                BaseUrl = settings.BaseUrl, ChunkSize = settings.ChunkSize, ListChunkSize = settings.ListChunkSize, StorageConcurrency = settings.StorageConcurrency,
                TextExtractor = null, FullTextIndex = false,
            };
        }
        var builder = new SiteBuilder(recording, archive, settings, timeZone, signer);
        log ??= new InMemoryPublicationLog();
        var last = DateTimeOffset.UnixEpoch;
        // Each entry's files are found on every core; the entries are then chained one after another.
        var entries = new (PublishedRecord Record, List<PublicationLogFile> Files)[inputs.Count];
        Parallel.For(0, inputs.Count, i =>
        {
            var record = PublishedRecordFactory.Create(inputs[i], timeZone);
            var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(record, SiteBuilder.Json);
            entries[i] = (record, record.AllFiles.Select(f => new PublicationLogFile(f.Path, f.Sha256)).Append(new PublicationLogFile(SiteBuilder.RecordPath(record.Slug), SiteBuilder.Sha256(bytes))).ToList());
        });
        foreach (var (record, files) in entries)
        {
            await log.AppendAsync(record.PublishedAt, record.Slug, PublicationLogKinds.Publication, files, cancellationToken);
            last = record.PublishedAt > last ? record.PublishedAt : last;
        }
        progress?.Report($"their publication log chained ({clock.Elapsed.TotalSeconds:0.0} s)");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stats = await builder.BuildAllAsync(inputs, null, progress, cancellationToken);
        stats = stats with { ProcessorTime = Process.GetCurrentProcess().TotalProcessorTime - cpu };
        progress?.Report($"site built ({clock.Elapsed.TotalSeconds:0.0} s)");
        var next = (await log.HeadAsync(cancellationToken)).Sequence + 1;
        await builder.WriteCompletedLogPagesAsync(log, next, 0, cancellationToken);
        progress?.Report($"log pages written ({clock.Elapsed.TotalSeconds:0.0} s)");
        if (uploads is not null)
        {
            await uploads.CompleteAsync(cancellationToken);
        }
        var manifest = recording.Changes().ToBytes();
        await site.WriteAsync(PublicationManifest.PathOf(next), manifest, SiteContentTypes.For(".json"), cancellationToken);
        await log.AppendAsync(last, "", PublicationLogKinds.Rebuild, [], cancellationToken, SiteBuilder.Sha256(manifest));
        await new SiteBuilder(site, archive, settings, timeZone, signer).WriteLogHeadAsync(log, cancellationToken);
        progress?.Report($"log pages, manifest and signed head written ({clock.Elapsed.TotalSeconds:0.0} s)");
        return stats;
    }

    /// <summary>
    /// "site generate --out DIR": the portal's settings and the receipt key (the head's signer) come from the
    /// environment as for the host, otherwise from the data folder, without starting storage.
    /// </summary>
    private static async Task<int> GenerateIntoFolderAsync(string[] args, string dataDirectory, TextWriter output)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Receipts:SigningKeyPem"] = ReceiptKeys.LoadOrCreate(dataDirectory) })
            .AddEnvironmentVariables()
            .Build();
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        using var receipts = new ReceiptSigner(configuration["Receipts:SigningKeyPem"]!);
        return await GenerateCommandAsync(args, new LocalFolderSiteOutput(Option(args, "--out")!), portal, new ReceiptKeyPublicationSigner(receipts), null, output);
    }

    private static async Task<int> GenerateCommandAsync(string[] args, ISiteOutput site, PortalOptions portal, IPublicationSigner? signer, int? storageConcurrency, TextWriter output)
    {
        if (Option(args, "--count") is not { } countText || Option(args, "--seed") is not { } seedText
            || !int.TryParse(countText, CultureInfo.InvariantCulture, out var count) || count < 0
            || !int.TryParse(seedText, CultureInfo.InvariantCulture, out var seed))
        {
            output.WriteLine(Usage);
            return 2;
        }
        var chunk = Option(args, "--chunk") is { } chunkText ? int.Parse(chunkText, CultureInfo.InvariantCulture) : 100;
        var stats = await GenerateAsync(site, portal.PublicSiteBaseUrl, portal.SecretariatTimeZone(), count, seed, chunk, new Progress(output), CancellationToken.None, signer, storageConcurrency,
            text: !args.Contains("--no-text"));
        output.WriteLine($"Generated {stats.Communications} synthetic communications: {stats.HtmlPages} pages, {stats.FilesWritten} files in {stats.Elapsed.TotalSeconds:0.00} s ({stats.PagesPerSecond:0} pages/s, {stats.ProcessorTime!.Value.TotalSeconds:0.00} s of CPU).");
        return 0;
    }

    private static VerifyOptions VerifyOptionsFrom(string[] args, bool listSite = true) => new()
    {
        Since = Option(args, "--since") is { } since ? long.Parse(since, CultureInfo.InvariantCulture) : 1,
        PublicKeyPem = Option(args, "--key") is { } key ? File.ReadAllText(key) : null,
        ListSite = listSite,
        Parallelism = Option(args, "--parallel") is { } parallel ? int.Parse(parallel, CultureInfo.InvariantCulture) : new VerifyOptions().Parallelism,
    };

    private static int Report(LogVerification result, TextWriter output)
    {
        if (result.Intact)
        {
            output.WriteLine($"The publication log is intact: {result.Entries} entries, {result.FilesChecked} published files match.");
            return 0;
        }
        output.WriteLine($"MISMATCH: {result.FirstMismatch}");
        foreach (var more in result.Mismatches.Skip(1))
        {
            output.WriteLine($"  also: {more}");
        }
        return 1;
    }

    /// <summary>
    /// "site verify --url URL": the check anyone can make, from the public files only: the chain (log/{n}.json),
    /// the signed head (log/head.json) and every file an entry or the head commits to.
    /// </summary>
    public static async Task<int> VerifyOverHttpAsync(string[] args, TextWriter output, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var url = Option(args, "--url")!;
        var root = new Uri(url.EndsWith('/') ? url : url + "/");
        // One connection per read in flight, kept alive; a stalled request is retried by the reader, not waited on forever.
        using var http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) }
            : new HttpClient(handler, disposeHandler: false);
        var reader = new HttpSiteReader(http, root);
        var options = VerifyOptionsFrom(args, listSite: false);
        var timer = Stopwatch.StartNew();
        output.WriteLine($"Verifying {root} from its public files, {options.Parallelism} at a time{(options.PublicKeyPem is null ? $" (the head's key is the one the site serves at {PublicationHeadFile.KeyPath}; pin it with --key)" : "")} ...");
        LogVerification result;
        try
        {
            result = await new PublicationLogVerifier(new SitePublicationLog(reader), reader).VerifyAsync(options, new Progress(output), cancellationToken);
        }
        catch (SiteUnreachableException ex)
        {
            // Neither intact nor tampered: the site could not be read, so say that and nothing more.
            output.WriteLine($"NOT VERIFIED: {ex.Message}");
            output.WriteLine($"{reader.Requests} requests in {timer.Elapsed.TotalSeconds:0.00} s. Try again later, or with fewer requests at a time (--parallel).");
            return 2;
        }
        output.WriteLine($"{reader.Requests} files fetched in {timer.Elapsed.TotalSeconds:0.00} s. Files served but committed by no entry cannot be found over HTTP (a web server cannot be listed); the storage verifier finds them.");
        return Report(result, output);
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

    /// <summary>
    /// Runs a command against the host's storage: <c>--storage CONNECTION-STRING</c> and <c>--data DIR</c> (before or
    /// after <c>site</c>, as the host takes them), otherwise Azurite started or reused on the default ports with
    /// its data under the data folder. The dev clock is the host's (its offset file in the data folder).
    /// </summary>
    public static async Task<int> RunLocalAsync(string[] args, string dataDirectory, string? storage = null, TextWriter? output = null)
    {
        output ??= Console.Out;
        var rest = HostArguments.Split(args, ref dataDirectory, ref storage);
        if (rest.Count == 0 || rest[0] is "--help" or "-h")
        {
            output.WriteLine(Usage);
            return 2;
        }
        if (rest[0] == "serve")
        {
            var folder = Option(rest.ToArray(), "--dir");
            if (folder is null)
            {
                output.WriteLine(Usage);
                return 2;
            }
            var port = Option(rest.ToArray(), "--port") is { } portText ? int.Parse(portText, CultureInfo.InvariantCulture) : 8080;
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            return await SiteServer.RunAsync(folder, port, output, stop.Token);
        }
        if (rest[0] == "verify" && Option(rest.ToArray(), "--url") is not null)
        {
            return await VerifyOverHttpAsync(rest.ToArray(), output);
        }
        if (rest[0] == "generate" && Option(rest.ToArray(), "--out") is not null)
        {
            // Into a folder nothing touches storage: no Azurite, no service container (issue 13: ~2 s saved per run).
            return await GenerateIntoFolderAsync(rest.ToArray(), dataDirectory, output);
        }
        await using var azurite = storage is null ? await LocalAzurite.StartOrReuseAsync(Path.Combine(dataDirectory, "azurite")) : null;
        output.WriteLine(storage is null ? $"Storage: Azurite ({Path.Combine(dataDirectory, "azurite")})" : "Storage: the account given by --storage");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            // The host's receipt key signs the log's head (ADR 0304); the environment may bring another.
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Receipts:SigningKeyPem"] = ReceiptKeys.LoadOrCreate(dataDirectory) })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite?.ConnectionString })
            // Nobody waits on a command for a quick 503 (ADR 0003 is about requests): a rebuild of 20,000 letters
            // into a busy Azurite must ride out a slow write instead of dying on the host's 10 s blob timeout.
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FailFast:MaxRetries"] = "5", ["FailFast:MaxRetryDelay"] = "00:00:10",
                ["FailFast:NetworkTimeout"] = "00:00:30", ["FailFast:BlobNetworkTimeout"] = "00:01:40",
            })
            .AddEnvironmentVariables()
            // An explicit --storage wins over the environment.
            .AddInMemoryCollection(storage is null ? [] : new Dictionary<string, string?> { ["AzureWebJobsStorage"] = storage })
            .Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<TimeProvider>(new DevClock(Path.Combine(dataDirectory, "dev-clock-offset.txt")));
        collection.AddResponsePortal(configuration);
        await using var provider = collection.BuildServiceProvider();
        await provider.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
        return await new SiteCommands(provider, output).RunAsync(rest.ToArray(), CancellationToken.None);
    }
}
