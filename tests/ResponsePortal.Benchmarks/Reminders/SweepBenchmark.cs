using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Reminders;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Documents;
using ResponsePortal.Reminders;

namespace ResponsePortal.Benchmarks.Reminders;

/// <summary>
/// Does the deadline sweep read only what is due? Holds the due index of 1,000 and of 100,000 communications at once,
/// each in its own private in-memory Azurite, with the same 50 due in the sweep's window, and alternates sweeps
/// between them (small, large, small, large ...) after one warm-up sweep of each, so a load that changes over the
/// run moves both sizes alike. Before each sweep the checkpoint goes back to the window's start, the reminder log's
/// claims are deleted and the reminders queue is cleared, so every sweep finds and hands over the same 50 items.
/// Every storage request of a sweep (index query, communication reads, claims, log updates, events, queue messages;
/// each HTTP attempt, retries included) is counted by an <see cref="HttpPipelinePolicy"/> added to the portal's
/// Table, Queue and Blob clients through <see cref="ServiceCollectionExtensions.AddResponsePortal"/>.
/// Targets: entities read = due items; storage calls per sweep the same at every size (not growing with the archive);
/// time at the largest size within 1.5x of the smallest (ratio of medians; each pair's ratio and their median beside it).
/// </summary>
public static class SweepBenchmark
{
    private const int DueCount = 50;
    private const int BatchSize = 100;
    private const double TimeTarget = 1.5;

    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    // The 50 due letters were sent on 25 January 2021; their 30-day reminders fall due at 2021-02-23T23:00Z.
    private static readonly DateTimeOffset WindowStart = new(2021, 2, 23, 22, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowEnd = new(2021, 2, 23, 23, 5, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = BenchmarkArgs.Option(args, "--sizes", "1000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var sweeps = int.Parse(BenchmarkArgs.Option(args, "--sweeps", "7"), CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(WindowEnd);

        var archives = new List<Archive>();
        try
        {
            foreach (var size in sizes)
            {
                Console.WriteLine($"Starting a private in-memory Azurite for {size:N0} communications ...");
                var azurite = await LocalAzurite.StartInMemoryAsync();
                var counter = new StorageCallCounter();
                var archive = new Archive(size, azurite, BuildServices(azurite.ConnectionString, clock, counter), counter);
                archives.Add(archive);
                await archive.Services.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
                await StoreDueLettersAsync(archive.Services);
                await StoreOtherEntriesAsync(archive.Services, DueCount, size);
                archive.IndexRows = await CountIndexRowsAsync(archive.Services);
            }

            // One warm-up sweep of each, then the sizes alternate: each round sweeps every size once, smallest first.
            Console.WriteLine($"Sweeping: one warm-up sweep of each size, then {sweeps} rounds of {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} ...");
            for (int round = 0; round <= sweeps; round++)
            {
                foreach (var archive in archives)
                {
                    var sweep = await SweepOnceAsync(archive);
                    if (round > 0)
                    {
                        archive.Sweeps.Add(sweep);
                    }
                }
                if (round > 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  round {round}: {string.Join(", ", archives.Select(a => $"{a.Size:N0} {a.Sweeps[^1].Ms:F1} ms ({a.Sweeps[^1].TotalCalls} calls)"))}"));
                }
            }

            return Report(archives, sweeps);
        }
        finally
        {
            foreach (var archive in archives)
            {
                await archive.Services.DisposeAsync();
                await archive.Azurite.DisposeAsync();
            }
        }
    }

    private static int Report(List<Archive> archives, int sweeps)
    {
        var smallest = archives[0];
        var largest = archives[^1];
        Console.WriteLine();
        Console.WriteLine($"Deadline sweep over (2021-02-23T22:50Z, 23:05Z], {DueCount} due; sizes alternated, one Azurite each; median of {sweeps} sweeps each after one warm-up sweep of each");
        Console.WriteLine($"{"communications",15} {"index rows",11} {"entities read",14} {"queries",8} {"enqueued",9} {"storage calls",14} {"median ms",10} {"ratio",6}");
        foreach (var archive in archives)
        {
            var last = archive.Sweeps[^1];
            var calls = archive.Sweeps.Select(s => s.TotalCalls).Distinct().Order().ToList();
            var callsText = calls.Count == 1 ? calls[0].ToString(CultureInfo.InvariantCulture) : $"{calls[0]}-{calls[^1]}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{archive.Size,15:N0} {archive.IndexRows,11:N0} {last.EntitiesRead,14:N0} {last.Queries,8} {last.Enqueued,9} {callsText,14} {archive.MedianMs,10:F1} {archive.MedianMs / smallest.MedianMs,6:F2}"));
        }

        Console.WriteLine();
        Console.WriteLine("Storage calls per sweep by kind (each HTTP request, retries included; the last measured sweep of each size):");
        var kinds = archives.SelectMany(a => a.Sweeps[^1].Calls.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var width = Math.Max(30, kinds.Max(k => k.Length));
        Console.WriteLine($"  {"kind".PadRight(width)} {string.Join(" ", archives.Select(a => a.Size.ToString("N0", CultureInfo.InvariantCulture).PadLeft(10)))}");
        foreach (var kind in kinds)
        {
            Console.WriteLine($"  {kind.PadRight(width)} {string.Join(" ", archives.Select(a => a.Sweeps[^1].Calls.GetValueOrDefault(kind).ToString(CultureInfo.InvariantCulture).PadLeft(10)))}");
        }
        Console.WriteLine($"  {"total".PadRight(width)} {string.Join(" ", archives.Select(a => a.Sweeps[^1].TotalCalls.ToString(CultureInfo.InvariantCulture).PadLeft(10)))}");

        Console.WriteLine();
        foreach (var archive in archives)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {archive.Size,9:N0}: {string.Join(", ", archive.Sweeps.Select(s => s.Ms.ToString("F1", CultureInfo.InvariantCulture)))} ms"));
        }
        // Each pair ran back to back, so its ratio is less moved by a load that changes over minutes (a shared host's).
        var pairs = largest.Sweeps.Zip(smallest.Sweeps, (l, s) => l.Ms / s.Ms).ToList();
        var ratio = largest.MedianMs / smallest.MedianMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ratio of each pair ({largest.Size:N0} / {smallest.Size:N0}, back to back): {string.Join(", ", pairs.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))}; median {Median(pairs):F2}"));

        var readOk = archives.All(a => a.Sweeps.All(s => s.EntitiesRead == DueCount));
        var sameWork = archives.All(a => a.Sweeps.All(s => s.DueItems == DueCount && s.ClaimedElsewhere == 0 && s.Enqueued == smallest.Sweeps[0].Enqueued));
        var callBreakdowns = archives.SelectMany(a => a.Sweeps).Select(s => Breakdown(s.Calls)).Distinct().Count();
        var callsOk = callBreakdowns == 1;
        var timeOk = ratio <= TimeTarget;
        Console.WriteLine();
        Console.WriteLine($"Every sweep found {DueCount} due items and handed over the same {smallest.Sweeps[0].Enqueued} (none claimed elsewhere): {(sameWork ? "yes" : "NO")}");
        Console.WriteLine($"Entities read = due items ({DueCount}) in every sweep at every size: {(readOk ? "yes" : "NO")}");
        Console.WriteLine($"Storage calls per sweep the same at every size and in every sweep ({smallest.Sweeps[0].TotalCalls}, same breakdown): {(callsOk ? "yes" : $"NO ({callBreakdowns} different breakdowns)")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Time at {largest.Size:N0} within {TimeTarget}x of {smallest.Size:N0}: {(timeOk ? "yes" : "NO")} (ratio of medians {ratio:F2}x; median of pair ratios {Median(pairs):F2}x)"));
        return readOk && sameWork && callsOk && timeOk ? 0 : 1;
    }

    private static string Breakdown(IReadOnlyDictionary<string, long> calls)
        => string.Join(";", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One size's archive: its own Azurite, services (with their own storage call counter) and measured sweeps.</summary>
    private sealed class Archive(int size, LocalAzurite azurite, ServiceProvider services, StorageCallCounter counter)
    {
        public int Size { get; } = size;
        public LocalAzurite Azurite { get; } = azurite;
        public ServiceProvider Services { get; } = services;
        public StorageCallCounter Counter { get; } = counter;
        public long IndexRows { get; set; }
        public List<Sweep> Sweeps { get; } = [];
        public double MedianMs => Median(Sweeps.Select(s => s.Ms));
    }

    private sealed record Sweep(double Ms, int DueItems, long EntitiesRead, long Queries, int Enqueued, int ClaimedElsewhere, IReadOnlyDictionary<string, long> Calls)
    {
        public long TotalCalls => Calls.Values.Sum();
    }

    private static ServiceProvider BuildServices(string connectionString, TimeProvider clock, StorageCallCounter counter)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock);
        services.AddResponsePortal(configuration, counter.AddTo);
        return services.BuildServiceProvider();
    }

    /// <summary>The 50 letters that fall due in the window: real communication records and their schedules, as registration writes them.</summary>
    private static async Task StoreDueLettersAsync(IServiceProvider services)
    {
        var repository = services.GetRequiredService<ICommunicationRepository>();
        var schedule = services.GetRequiredService<DueIndexBackfill>();
        var window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva);
        for (int i = 1; i <= DueCount; i++)
        {
            Reference.TryParse($"AL USA {i}/2021", out var reference, out _);
            var communication = new Communication
            {
                Reference = reference!,
                AddresseeId = "USA",
                Subject = "Benchmark letter",
                Summary = "",
                Mandates = ["Benchmark"],
                Window = window,
                Letter = new StoredDocument($"{reference!.Slug}/letter/letter.pdf", "letter.pdf", "application/pdf", 1, new string('0', 64)),
                RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero),
                RegisteredBy = "benchmark",
            };
            await repository.TryAddAsync(communication, CancellationToken.None);
            await schedule.OnRegisteredAsync(communication, CancellationToken.None);
        }
    }

    /// <summary>
    /// Index entries of the other communications: five per letter (four reminders and the closure) spread over a
    /// year of days, including the window's own day outside the window, stored in batch transactions of 100.
    /// </summary>
    private static async Task StoreOtherEntriesAsync(IServiceProvider services, int from, int to)
    {
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(ReminderStorage.ScheduleTable);
        var entities = new List<ScheduleEntity>();
        for (int i = from; i < to; i++)
        {
            // Letter i is sent on one of 365 days; its items are at 00:00 Geneva on their days, like real ones.
            var sentOn = new DateOnly(2021, 1, 1).AddDays(i % 365);
            var window = ReplyWindow.Compute(sentOn, 60, Geneva);
            foreach (var item in ReminderSchedule.For($"al-oth-{i}-2021", "other", window, [30, 14, 7, 1], Geneva))
            {
                if (item.DueAt > WindowStart && item.DueAt <= WindowEnd)
                {
                    // Keep exactly 50 due: move this one an hour earlier on the same day (same partition, outside the window).
                    entities.Add(TableDueIndex.ToEntity(item with { DueAt = item.DueAt.AddHours(-1) }));
                    continue;
                }
                entities.Add(TableDueIndex.ToEntity(item));
            }
        }
        var batches = entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(BatchSize)).ToList();
        Console.WriteLine($"Storing {to - from:N0} other communications' index entries ({entities.Count:N0} rows, {batches.Count:N0} batch transactions of up to {BatchSize}, one partition each) ...");
        var stopwatch = Stopwatch.StartNew();
        int done = 0, rowsDone = 0;
        var progressEvery = Math.Max(1, batches.Count / 20);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, cancellationToken) =>
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            var count = Interlocked.Increment(ref done);
            var rows = Interlocked.Add(ref rowsDone, batch.Length);
            if (count % progressEvery == 0 || count == batches.Count)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows,9:N0} / {entities.Count:N0} rows  ({count * 100 / batches.Count,3}%)  {stopwatch.Elapsed.TotalSeconds,6:F1} s"));
            }
        });
    }

    private static async Task<long> CountIndexRowsAsync(IServiceProvider services)
    {
        long rows = 0;
        await foreach (var _ in services.GetRequiredService<TableServiceClient>().GetTableClient(ReminderStorage.ScheduleTable).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            rows++;
        }
        return rows;
    }

    /// <summary>Resets the archive to the state before its first sweep, then runs one sweep, timed, with its storage calls counted.</summary>
    private static async Task<Sweep> SweepOnceAsync(Archive archive)
    {
        var tables = archive.Services.GetRequiredService<TableServiceClient>();
        var checkpoints = tables.GetTableClient(ReminderStorage.CheckpointsTable);
        var log = tables.GetTableClient(ReminderStorage.LogTable);
        var queue = archive.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("reminders");
        var sweep = archive.Services.GetRequiredService<DeadlineSweep>();

        // Each sweep starts from the same checkpoint with no claims, so it does the same work every time.
        await checkpoints.UpsertEntityAsync(new CheckpointEntity(TableSweepCheckpoint.DeadlineSweep) { SweptUntil = WindowStart }, TableUpdateMode.Replace);
        await foreach (var claim in log.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await log.DeleteEntityAsync(claim.PartitionKey, claim.RowKey);
        }
        await queue.ClearMessagesAsync();

        var stats = new ReadStats();
        archive.Counter.Reset();
        var stopwatch = Stopwatch.StartNew();
        var result = await sweep.RunAsync(CancellationToken.None, stats);
        stopwatch.Stop();
        var calls = archive.Counter.Snapshot();
        return new Sweep(stopwatch.Elapsed.TotalMilliseconds, result.DueItems, stats.EntitiesRead, stats.Queries, result.RemindersEnqueued, result.ClaimedElsewhere, calls);
    }

    /// <summary>
    /// Counts the storage requests of the clients it is added to, by kind: service, operation and table, queue or
    /// container. Added per retry, so each HTTP attempt counts.
    /// </summary>
    private sealed class StorageCallCounter
    {
        private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);

        public void AddTo(ClientOptions options)
        {
            var service = options switch
            {
                TableClientOptions => "table",
                QueueClientOptions => "queue",
                BlobClientOptions => "blob",
                _ => options.GetType().Name,
            };
            options.AddPolicy(new Policy(this, service), HttpPipelinePosition.PerRetry);
        }

        public void Reset() => _calls.Clear();

        public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_calls, StringComparer.Ordinal);

        private void Count(string kind) => _calls.AddOrUpdate(kind, 1, (_, n) => n + 1);

        private sealed class Policy(StorageCallCounter counter, string service) : HttpPipelineSynchronousPolicy
        {
            public override void OnSendingRequest(HttpMessage message) => counter.Count(Kind(service, message.Request));
        }

        private static string Kind(string service, Request request)
        {
            var uri = request.Uri.ToUri();
            var segments = uri.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            // Azurite (and any IP endpoint) is path-style: the account name is the first segment.
            if ((uri.IsLoopback || IPAddress.TryParse(uri.Host, out _)) && segments.Length > 0)
            {
                segments = segments[1..];
            }
            var method = request.Method.Method;
            return service switch
            {
                "table" => TableKind(method, segments),
                "queue" => QueueKind(method, segments, uri.Query),
                "blob" => BlobKind(method, segments, uri.Query),
                _ => $"{service} {method} {string.Join('/', segments)}",
            };
        }

        private static string TableKind(string method, string[] segments)
        {
            var resource = segments.Length > 0 ? segments[0] : "";
            if (resource == "$batch")
            {
                return "table batch transaction";
            }
            var open = resource.IndexOf('(', StringComparison.Ordinal);
            var table = open >= 0 ? resource[..open] : resource;
            var keys = open >= 0 && resource.Length > open + 2; // "name(PartitionKey=...,RowKey=...)" rather than "name()"
            if (table == "Tables")
            {
                return $"table {method} Tables (service)";
            }
            var operation = (method, keys) switch
            {
                ("GET", false) => "query",
                ("GET", true) => "point read",
                ("POST", _) => "insert",
                ("PUT", _) => "replace/upsert",
                ("PATCH", _) or ("MERGE", _) => "merge",
                ("DELETE", _) => "delete",
                _ => method,
            };
            return $"table {operation,-14} {table}";
        }

        private static string QueueKind(string method, string[] segments, string query)
        {
            var queue = segments.Length > 0 ? segments[0] : "(service)";
            var operation = (method, segments.Length) switch
            {
                ("POST", 2) => "send message",
                ("GET", 2) => query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) ? "peek" : "receive",
                ("DELETE", 2) => "clear",
                ("DELETE", 3) => "delete message",
                ("PUT", 3) => "update message",
                _ => $"{method}{(query.Length > 0 ? " " + query : "")}",
            };
            return $"queue {operation,-14} {queue}";
        }

        private static string BlobKind(string method, string[] segments, string query)
        {
            var container = segments.Length > 0 ? segments[0] : "(service)";
            var comp = query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("comp=", StringComparison.Ordinal));
            return $"blob {method}{(comp is null ? "" : " " + comp)} {container}";
        }
    }
}
