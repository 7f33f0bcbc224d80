using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Benchmarks.Publication;

/// <summary>
/// The public site on Azurite, where every storage call is an HTTP round trip.
/// <c>publish-one</c>: a synthetic archive of N communications and one of a baseline size are stored in two Azurites
/// ($web built, the log's entries in the PublicationLog table); then one more communication, stored as the portal
/// stores it (Communications table, window closed), is published through <see cref="PublicationService"/> into
/// each, alternately with the sequential path (one storage call at a time) and the concurrent one.
/// <c>site-web</c>: the full build of a synthetic archive into <c>$web</c> at a parallelism, alternated with the
/// raw Blob SDK uploading the same objects at the same parallelism (the floor).
/// Storage calls are counted from the HTTP client's own metrics (every request the process sends).
/// </summary>
public static class StorageBenchmarks
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private const int Seed = 2021;
    private const string BaseUrl = "https://example.org/";

    /// <summary>Whether publications extract the files' text (issue 14); <c>--no-text</c> measures the path without.</summary>
    private static bool Text { get; set; } = true;

    public static async Task<int> PublishOneAsync(string[] args)
    {
        var count = Option(args, "--count", 20_000);
        var baseline = Option(args, "--baseline", 200);
        var repeats = Option(args, "--repeats", 9);
        var concurrency = Option(args, "--concurrency", 16);
        var latency = TimeSpan.FromMilliseconds(Option(args, "--latency-ms", 0));
        Text = !args.Contains("--no-text");
        var root = Path.Combine(Path.GetTempPath(), "rp-publish-one-" + Guid.NewGuid().ToString("N")[..8]);
        Console.WriteLine($"publish-one: {count:N0} vs {baseline:N0} communications on Azurite (on disk under {root}); {repeats} alternated rounds; sequential vs concurrency {concurrency}; {Environment.ProcessorCount} cores"
            + (latency > TimeSpan.Zero ? $"; a MODEL of a network: {latency.TotalMilliseconds} ms added to every storage call" : "") + (Text ? "" : "; text extraction OFF"));
        using var calls = new StorageCallCounter();
        var archive = new SyntheticArchive(Seed, Geneva);
        try
        {
            await using var small = await StoredArchive.CreateAsync(archive, baseline, Path.Combine(root, "small"), concurrency, latency);
            await using var large = await StoredArchive.CreateAsync(archive, count, Path.Combine(root, "large"), concurrency, latency);
            using var trace = Environment.GetEnvironmentVariable("RP_TRACE_CALLS") == "1" ? new CallTrace() : null;
            var times = new Dictionary<(int Size, int Concurrency), List<double>>();
            var callCounts = new Dictionary<(int Size, int Concurrency), List<long>>();
            var next = Math.Max(count, baseline) + 1;
            // One discarded round warms the JIT of each path, then the rounds alternate archive and path.
            for (int round = -1; round < repeats; round++)
            {
                foreach (var stored in new[] { small, large })
                {
                    foreach (var c in new[] { 1, concurrency })
                    {
                        double ms;
                        long made;
                        try
                        {
                            (ms, made) = await stored.PublishOneAsync(archive.One(next++), c, calls, trace);
                        }
                        catch (global::Azure.RequestFailedException ex)
                        {
                            // On a saturated machine a call can outlast the 2 s table timeout (docs/faults.md) and its retry
                            // meet its own first attempt (409): said, and left out of the medians.
                            Console.WriteLine($"  a round into {stored.Size:N0} at concurrency {c} failed and is left out: {ex.Status} {ex.ErrorCode}");
                            continue;
                        }
                        if (trace is not null && round == 0)
                        {
                            Console.WriteLine($"--- calls of one publication into {stored.Size:N0}, concurrency {c}, {ms:F0} ms:");
                            Console.WriteLine(string.Join("\n", trace.Lines));
                        }
                        if (round >= 0)
                        {
                            Add(times, (stored.Size, c), ms);
                            Add(callCounts, (stored.Size, c), made);
                        }
                    }
                }
            }
            Console.WriteLine();
            Console.WriteLine($"{"archive",10} {"concurrency",12} {"median ms",10} {"storage calls",14}  runs (ms)");
            foreach (var ((size, c), list) in times.OrderBy(t => t.Key.Size).ThenBy(t => t.Key.Concurrency))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,10:N0} {c,12} {Median(list),10:F1} {Median(callCounts[(size, c)].Select(x => (double)x).ToList()),14:F0}  {string.Join(", ", list.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}"));
            }
            var speedupLarge = Median(times[(count, 1)]) / Median(times[(count, concurrency)]);
            var speedupSmall = Median(times[(baseline, 1)]) / Median(times[(baseline, concurrency)]);
            var flat = Median(times[(count, concurrency)]) / Median(times[(baseline, concurrency)]);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Concurrent vs sequential: {speedupLarge:F2}x faster into {count:N0}, {speedupSmall:F2}x into {baseline:N0} (target >= 3)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Concurrent, {count:N0} vs {baseline:N0}: ratio {flat:F2} (target <= 1.2)"));
            return speedupLarge >= 3 && flat <= 1.2 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    public static async Task<int> SiteWebAsync(string[] args)
    {
        var count = Option(args, "--count", 2_000);
        var rounds = Option(args, "--runs", 3);
        var concurrency = Option(args, "--concurrency", 16);
        var root = Path.Combine(Path.GetTempPath(), "rp-site-web-" + Guid.NewGuid().ToString("N")[..8]);
        Console.WriteLine($"site-web: full build of {count:N0} communications into $web on Azurite vs the raw Blob SDK uploading the same objects; parallelism {concurrency}; {rounds} alternated runs; {Environment.ProcessorCount} cores");
        using var calls = new StorageCallCounter();
        try
        {
            await using var azurite = await StartAzuriteAsync(root);
            var blobs = new BlobServiceClient(azurite.ConnectionString);
            using var signer = new ReceiptSigner(ReceiptSigner.NewKeyPem());
            // The objects the build writes, rendered once in memory: the floor uploads exactly these.
            var objects = new MemorySiteOutput();
            await ResponsePortal.DevHost.Publication.SiteCommands.GenerateAsync(objects, BaseUrl, Geneva, count, Seed, 100, null, default, new ReceiptKeyPublicationSigner(signer));
            var bytes = objects.Files.Values.Sum(f => (long)f.Length);
            Console.WriteLine($"{objects.Files.Count:N0} objects ({objects.Files.Count / (double)count:F2} per communication), {bytes / 1e6:F1} MB ({bytes / 1024.0 / count:F1} KB per communication)");
            var portal = new List<double>();
            var floor = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                var web = blobs.GetBlobContainerClient($"web{round}");
                await web.CreateIfNotExistsAsync();
                var clock = Stopwatch.StartNew();
                await GenerateAsync(new BlobSiteOutput(web), count, concurrency, signer);
                portal.Add(clock.Elapsed.TotalSeconds);
                var raw = blobs.GetBlobContainerClient($"floor{round}");
                await raw.CreateIfNotExistsAsync();
                clock.Restart();
                await Parallel.ForEachAsync(objects.Files, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (file, ct) =>
                    await raw.GetBlobClient(file.Key).UploadAsync(BinaryData.FromBytes(file.Value), new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = SiteContentTypes.For(file.Key), CacheControl = SiteCacheControl.For(file.Key) },
                    }, ct));
                floor.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {round + 1}: portal build {portal[^1]:F1} s ({count / portal[^1]:F0} communications/s), raw SDK upload {floor[^1]:F1} s ({objects.Files.Count / floor[^1]:F0} objects/s)"));
            }
            var ratio = Median(floor) / Median(portal);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Median: portal {Median(portal):F1} s = {count / Median(portal):F0} communications/s; raw SDK floor {Median(floor):F1} s; portal speed = {ratio:F2}x the floor (target >= 0.9)"));
            return ratio >= 0.9 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>What <c>site generate</c> does, at a given parallelism: render, upload, log, manifest, signed head.</summary>
    private static Task<SiteBuildStats> GenerateAsync(ISiteOutput site, int count, int concurrency, ReceiptSigner signer)
        => ResponsePortal.DevHost.Publication.SiteCommands.GenerateAsync(site, BaseUrl, Geneva, count, Seed, 100, null, default, new ReceiptKeyPublicationSigner(signer), concurrency);

    /// <summary>An archive stored as the portal stores it: its own Azurite, $web built, the log in its table.</summary>
    private sealed class StoredArchive : IAsyncDisposable
    {
        private readonly LocalAzurite _azurite;
        private readonly ServiceProvider _services;
        private readonly FakeTimeProvider _clock;
        private readonly SyntheticReplies _replies;

        private StoredArchive(int size, LocalAzurite azurite, ServiceProvider services, FakeTimeProvider clock, SyntheticReplies replies)
        {
            Size = size;
            _azurite = azurite;
            _services = services;
            _clock = clock;
            _replies = replies;
        }

        public int Size { get; }

        private readonly Dictionary<int, PublicationService> _publishers = [];

        public static async Task<StoredArchive> CreateAsync(SyntheticArchive archive, int size, string folder, int concurrency, TimeSpan latency)
        {
            var azurite = await StartAzuriteAsync(folder);
            // Every window of the archive has closed.
            var clock = new FakeTimeProvider(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var replies = new SyntheticReplies();
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(DevTokens.Configuration())
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = azurite.ConnectionString,
                    ["Receipts:SigningKeyPem"] = ReceiptSigner.NewKeyPem(),
                    ["Portal:PublicSiteBaseUrl"] = BaseUrl,
                })
                .Build();
            var collection = new ServiceCollection();
            collection.AddSingleton<IConfiguration>(configuration);
            collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            collection.AddSingleton<TimeProvider>(clock);
            collection.AddResponsePortal(configuration);
            // Letters and reply files come from the synthetic archive (memory), replies from its list: the storage
            // calls measured are the publication's own (communications, events, $web, the log, the lock).
            collection.AddSingleton<IReplyReader>(replies);
            collection.AddSingleton<IPublicationFileSource>(archive);
            var services = collection.BuildServiceProvider();
            var build = services;
            if (latency > TimeSpan.Zero)
            {
                // The archive is stored without the delay; the publications then pay it on every call.
                collection.AddSingleton(new TableServiceClient(azurite.ConnectionString, Delayed(new TableClientOptions(), latency)));
                collection.AddSingleton(new BlobServiceClient(azurite.ConnectionString, Delayed(new BlobClientOptions(), latency)));
                services = collection.BuildServiceProvider();
            }

            var clock2 = Stopwatch.StartNew();
            await build.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
            var web = build.GetRequiredService<ISiteOutput>();
            var signer = services.GetRequiredService<IPublicationSigner>();
            var log = new InMemoryPublicationLog();
            await ResponsePortal.DevHost.Publication.SiteCommands.GenerateAsync(web, BaseUrl, Geneva, size, Seed, 100, null, default, signer, concurrency, log);
            // The log's entries into its table, in batch transactions of 100 (one partition).
            var head = await log.HeadAsync(default);
            var table = build.GetRequiredService<TableServiceClient>().GetTableClient(PublicationStorageNames.PublicationLogTable);
            for (long from = 1; from <= head.Sequence; from += 100)
            {
                var entries = await log.ListAsync(from, Math.Min(from + 99, head.Sequence), default);
                await table.SubmitTransactionAsync(entries.Select(e => new TableTransactionAction(TableTransactionActionType.Add, PublicationLogEntity.From(e))));
            }
            Console.WriteLine($"  stored an archive of {size:N0} on Azurite in {clock2.Elapsed.TotalSeconds:F1} s ({head.Sequence:N0} log entries)");
            return new StoredArchive(size, azurite, services, clock, replies);
        }

        /// <summary>Stores the communication as registration does (window closed, not published), then times its publication.</summary>
        public async Task<(double Milliseconds, long StorageCalls)> PublishOneAsync(PublicationInput input, int concurrency, StorageCallCounter calls, CallTrace? trace)
        {
            var communication = Communication.Restore(input.Communication, input.Communication.FirstReplyAt, input.Communication.ReplyCount, null, null, null);
            await _services.GetRequiredService<ICommunicationRepository>().TryAddAsync(communication, default);
            _replies.Set(communication.Slug, input.Replies);
            _clock.Advance(TimeSpan.FromMinutes(1));
            // One publisher per path for the archive's life, as the host keeps one (its site builder is a singleton).
            if (!_publishers.TryGetValue(concurrency, out var publisher))
            {
                var portal = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ResponsePortal.Common.PortalOptions>>().Value;
                var site = new SiteBuilder(_services.GetRequiredService<ISiteOutput>(), _services.GetRequiredService<IPublicationFileSource>(),
                    new SiteSettings { BaseUrl = BaseUrl, StorageConcurrency = concurrency, TextExtractor = Text ? new ResponsePortal.Documents.Text.TextExtractor() : null }, portal.SecretariatTimeZone(), _services.GetRequiredService<IPublicationSigner>());
                _publishers[concurrency] = publisher = ActivatorUtilities.CreateInstance<PublicationService>(_services, site);
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = calls.Count;
            trace?.Restart();
            var clock = Stopwatch.StartNew();
            var outcome = await publisher.PublishAsync(new PublishRequest(PublishRequest.CurrentSchemaVersion, communication.Slug, PublishReasons.WindowClosed, _clock.GetUtcNow(), "benchmark"), default);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var made = calls.Count - before;
            if (!outcome.Succeeded || outcome.Value!.LogSequence is null)
            {
                throw new InvalidOperationException($"{communication.Slug} was not published: {outcome.Problem?.Detail}");
            }
            return (elapsed, made);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// An Azurite of its own, on disk (a 20,000 archive is ~700 MB), on three free ports below the ephemeral range:
    /// test runs on this machine start Azurites on ephemeral ports, and one that took a port between the probe and
    /// this Azurite's bind would be written to instead (it happened: a benchmark stored its log in a test's table).
    /// </summary>
    private static Task<LocalAzurite> StartAzuriteAsync(string folder)
    {
        var ports = new HashSet<int>();
        while (ports.Count < 3)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            if (!ChildProcess.IsListening(port))
            {
                ports.Add(port);
            }
        }
        return LocalAzurite.StartOnDiskAsync(folder, ports.ElementAt(0), ports.ElementAt(1), ports.ElementAt(2));
    }

    private static T Delayed<T>(T options, TimeSpan latency) where T : global::Azure.Core.ClientOptions
    {
        options.AddPolicy(new LatencyPolicy(latency), global::Azure.Core.HttpPipelinePosition.PerRetry);
        return options;
    }

    /// <summary>A fixed delay before each request: a model of the round trip to a storage account in Azure.</summary>
    private sealed class LatencyPolicy(TimeSpan latency) : global::Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(global::Azure.Core.HttpMessage message, ReadOnlyMemory<global::Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            await Task.Delay(latency);
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(global::Azure.Core.HttpMessage message, ReadOnlyMemory<global::Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Thread.Sleep(latency);
            ProcessNext(message, pipeline);
        }
    }

    private sealed class SyntheticReplies : IReplyReader
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Reply>> _replies = new(StringComparer.Ordinal);

        public void Set(string slug, IReadOnlyList<Reply> replies) => _replies[slug] = replies;

        public Task<IReadOnlyList<Reply>> ListForCommunicationAsync(string slug, CancellationToken cancellationToken)
            => Task.FromResult(_replies.GetValueOrDefault(slug) ?? []);
    }

    /// <summary>With RP_TRACE_CALLS=1: each request's start (ms since the trace began), method and path, to see what runs one after another.</summary>
    private sealed class CallTrace : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly IDisposable _subscription;
        private readonly List<IDisposable> _inner = [];
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public CallTrace() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

        public void Restart()
        {
            Lines.Clear();
            _clock.Restart();
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                _inner.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "System.Net.Http.Request" && value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage request)
            {
                Lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalMilliseconds,8:F1} {request.Method} {Uri.UnescapeDataString(request.RequestUri!.AbsolutePath)}"));
            }
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _subscription.Dispose();
            _inner.ForEach(i => i.Dispose());
        }
    }

    /// <summary>Every HTTP request this process sends (System.Net.Http's own metric): storage calls, here.</summary>
    private sealed class StorageCallCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public StorageCallCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _count));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(value);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>The site's objects in memory (what the raw-SDK floor uploads).</summary>
internal sealed class MemorySiteOutput : ISiteOutput
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        Files[path] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => Task.FromResult(Files.GetValueOrDefault(path));

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        Files.TryRemove(path, out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in Files.Keys)
        {
            yield return path;
        }
        await Task.CompletedTask;
    }
}
