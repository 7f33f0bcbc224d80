using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
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
/// Does the deadline sweep read only what is due? Stores the due index of 1,000 and then 100,000 communications,
/// with the same 50 due in the sweep's window, and measures entities read and wall time per sweep at both sizes.
/// Targets: entities read = due items; time at the largest size within 1.5x of the smallest.
/// </summary>
public static class SweepBenchmark
{
    private const int DueCount = 50;
    private const int BatchSize = 100;

    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    // The 50 due letters were sent on 25 January 2021; their 30-day reminders fall due at 2021-02-23T23:00Z.
    private static readonly DateTimeOffset WindowStart = new(2021, 2, 23, 22, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowEnd = new(2021, 2, 23, 23, 5, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Option(args, "--sizes", "1000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();
        var sweeps = int.Parse(Option(args, "--sweeps", "7"), CultureInfo.InvariantCulture);

        Console.WriteLine("Starting a private in-memory Azurite ...");
        await using var azurite = await LocalAzurite.StartInMemoryAsync();
        var clock = new FakeTimeProvider(WindowEnd);
        await using var services = BuildServices(azurite.ConnectionString, clock);
        await services.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);

        await StoreDueLettersAsync(services);
        var stored = DueCount;
        var rows = new List<Row>();
        foreach (var size in sizes)
        {
            await StoreOtherEntriesAsync(services, stored, size);
            stored = size;
            rows.Add(await MeasureAsync(services, size, sweeps));
        }

        var baseline = rows[0];
        Console.WriteLine();
        Console.WriteLine($"Deadline sweep over (2021-02-23T22:50Z, 23:05Z], {DueCount} due, median of {sweeps} sweeps after one warm-up");
        Console.WriteLine($"{"communications",15} {"index rows",11} {"entities read",14} {"queries",8} {"enqueued",9} {"median ms",10} {"ratio",6}");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Size,15:N0} {row.IndexRows,11:N0} {row.EntitiesRead,14:N0} {row.Queries,8} {row.Enqueued,9} {row.MedianMs,10:F1} {row.MedianMs / baseline.MedianMs,6:F2}"));
        }
        var largest = rows[^1];
        var readOk = rows.All(r => r.EntitiesRead == DueCount);
        var timeOk = largest.MedianMs <= 1.5 * baseline.MedianMs;
        Console.WriteLine();
        Console.WriteLine($"Entities read = due items ({DueCount}) at every size: {(readOk ? "yes" : "NO")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Time at {largest.Size:N0} within 1.5x of {baseline.Size:N0}: {(timeOk ? "yes" : "NO")} ({largest.MedianMs / baseline.MedianMs:F2}x)"));
        return readOk && timeOk ? 0 : 1;
    }

    private sealed record Row(int Size, long IndexRows, long EntitiesRead, long Queries, int Enqueued, double MedianMs);

    private static ServiceProvider BuildServices(string connectionString, TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock);
        services.AddResponsePortal(configuration);
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
        Console.WriteLine($"Storing {to - from:N0} more communications' index entries ({entities.Count:N0} rows, {batches.Count:N0} batch transactions of up to {BatchSize}, one partition each) ...");
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

    private static async Task<Row> MeasureAsync(ServiceProvider services, int size, int sweeps)
    {
        var tables = services.GetRequiredService<TableServiceClient>();
        var checkpoints = tables.GetTableClient(ReminderStorage.CheckpointsTable);
        var log = tables.GetTableClient(ReminderStorage.LogTable);
        var queue = services.GetRequiredService<global::Azure.Storage.Queues.QueueServiceClient>().GetQueueClient("reminders");
        var sweep = services.GetRequiredService<DeadlineSweep>();
        long indexRows = 0;
        await foreach (var _ in tables.GetTableClient(ReminderStorage.ScheduleTable).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            indexRows++;
        }

        var times = new List<double>();
        ReadStats? last = null;
        SweepResult? lastResult = null;
        for (int run = 0; run <= sweeps; run++)
        {
            // Each sweep starts from the same checkpoint with no claims, so it does the same work every time.
            await checkpoints.UpsertEntityAsync(new CheckpointEntity(TableSweepCheckpoint.DeadlineSweep) { SweptUntil = WindowStart }, TableUpdateMode.Replace);
            await foreach (var claim in log.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                await log.DeleteEntityAsync(claim.PartitionKey, claim.RowKey);
            }
            await queue.ClearMessagesAsync();

            var stats = new ReadStats();
            var stopwatch = Stopwatch.StartNew();
            var result = await sweep.RunAsync(CancellationToken.None, stats);
            stopwatch.Stop();
            if (run > 0)
            {
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            last = stats;
            lastResult = result;
        }
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size:N0} communications: {last!.EntitiesRead} entities read in {last.Queries} queries, {lastResult!.RemindersEnqueued} reminders enqueued, median {median:F1} ms (runs: {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})"));
        return new Row(size, indexRows, last.EntitiesRead, last.Queries, lastResult.RemindersEnqueued, median);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
