using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Addressees;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Azure.Reports;
using ResponsePortal.Azure.Storage;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Publication;
using ResponsePortal.Replies;
using ResponsePortal.Reports;

namespace ResponsePortal.Benchmarks.Reports;

/// <summary>
/// Does a period's report read only the period? Stores the synthetic archive (communications, replies with their
/// confidentiality decisions, the report index) in Azurite, then builds the report of a four-month period:
/// reading through the report service, and rendering HTML, CSV and PDF in three languages. Baseline, in the same
/// run: the same entities read with the raw Table SDK (the same queries and point reads, same concurrency, no mapping).
/// Targets: build + render under 10 s; entities read = the period's rows, not the archive.
/// </summary>
public static class ReportBenchmark
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly DateTimeOffset CutOff = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--count", "20000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs", "5"), CultureInfo.InvariantCulture);
        var start = DateOnly.ParseExact(Option(args, "--from", "2020-01-01"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(Option(args, "--to", "2020-04-30"), "yyyy-MM-dd", CultureInfo.InvariantCulture);

        Console.WriteLine("Starting a private in-memory Azurite ...");
        await using var azurite = await LocalAzurite.StartInMemoryAsync();
        await using var services = BuildServices(azurite.ConnectionString, new FakeTimeProvider(CutOff));
        await services.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
        // Loading uses the SDK's default timeouts: the portal's fail-fast 2 s per try is for requests, not 100-row batches on a loaded machine.
        var stored = await StoreArchiveAsync(services, new TableServiceClient(azurite.ConnectionString), count);

        var period = ReportingPeriod.Create(new ReportingPeriodDraft
        {
            Name = "HRC benchmark", Session = "benchmark session",
            StartsOn = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), EndsOn = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, CutOff, "benchmark").Value!;
        var reports = services.GetRequiredService<ReportService>();
        var tables = services.GetRequiredService<TableServiceClient>();

        var buildTimes = new List<double>();
        var renderTimes = new List<double>();
        var rawTimes = new List<double>();
        ReportPreview? last = null;
        long rawEntities = 0;
        int files = 0;
        long bytes = 0;
        for (int run = 0; run <= runs; run++)
        {
            // Alternate which goes first, so neither always profits from a warm Azurite.
            var stopwatch = Stopwatch.StartNew();
            if (run % 2 == 0)
            {
                rawEntities = await RawReadsAsync(tables, start, end);
                var rawMs = stopwatch.Elapsed.TotalMilliseconds;
                stopwatch.Restart();
                last = await reports.BuildAsync(period, 1, ReportStatus.Final, CutOff, null, [], CancellationToken.None);
                Record(run, rawTimes, rawMs, buildTimes, stopwatch.Elapsed.TotalMilliseconds);
            }
            else
            {
                last = await reports.BuildAsync(period, 1, ReportStatus.Final, CutOff, null, [], CancellationToken.None);
                var buildMs = stopwatch.Elapsed.TotalMilliseconds;
                stopwatch.Restart();
                rawEntities = await RawReadsAsync(tables, start, end);
                Record(run, rawTimes, stopwatch.Elapsed.TotalMilliseconds, buildTimes, buildMs);
            }
            stopwatch.Restart();
            (files, bytes) = Render(last.Report);
            if (run > 0)
            {
                renderTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run}{(run == 0 ? " (warm-up)" : "")}: report reads {buildTimes.LastOrDefault():F0} ms, raw SDK {rawTimes.LastOrDefault():F0} ms, render {stopwatch.Elapsed.TotalMilliseconds:F0} ms"));
        }

        var report = last!.Report;
        var reads = last.Reads;
        var build = Median(buildTimes);
        var raw = Median(rawTimes);
        var render = Median(renderTimes);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Archive: {count:N0} communications, {stored.Replies:N0} replies, {stored.IndexRows:N0} index rows ({stored.Entities:N0} entities stored)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Period {start:yyyy-MM-dd} to {end:yyyy-MM-dd}: {report.Totals.Sent:N0} letters, {report.Totals.RepliesReceived:N0} replies received, {report.Groups.Count} addressees"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Entities read by the report: {reads.Entities:N0} ({reads.IndexEntries:N0} index rows, {reads.Communications:N0} communications, {reads.ReplyLists:N0} reply lists, {reads.Addressees} addressees); raw SDK baseline read {rawEntities:N0} (with decisions' partitions)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of {runs}: report reads + model {build:F0} ms vs raw SDK reads {raw:F0} ms, ratio {build / raw:F2}; rendering {files} files ({bytes / 1024.0:N0} KB: HTML, PDF in 3 languages, CSV, JSON) {render:F0} ms"));
        var total = build + render;
        var ok = total < 10_000 && reads.Entities < count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Build + render {total / 1000:F2} s under 10 s: {(total < 10_000 ? "yes" : "NO")}; reads only the period (< {count:N0}): {(reads.Entities < count ? "yes" : "NO")}"));
        return ok ? 0 : 1;
    }

    private static void Record(int run, List<double> raw, double rawMs, List<double> build, double buildMs)
    {
        if (run > 0)
        {
            raw.Add(rawMs);
            build.Add(buildMs);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static (int Files, long Bytes) Render(CommunicationReport report)
    {
        const string baseUrl = "https://example.org/";
        var outputs = new List<byte[]>();
        foreach (var text in ReportText.All)
        {
            outputs.Add(System.Text.Encoding.UTF8.GetBytes(new ReportHtml(text, baseUrl).Report(report)));
            outputs.Add(ReportPdf.Write(report, text, baseUrl));
        }
        outputs.Add(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(report, baseUrl)));
        outputs.Add(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(report, ReportJson.Options));
        return (outputs.Count, outputs.Sum(o => (long)o.Length));
    }

    /// <summary>The baseline: the queries and point reads the report makes, straight on TableClient, into TableEntity.</summary>
    private static async Task<long> RawReadsAsync(TableServiceClient tables, DateOnly from, DateOnly to)
    {
        var index = tables.GetTableClient(ReportStorageNames.IndexTable);
        async Task<List<TableEntity>> Query(TableClient table, string filter)
        {
            var list = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter))
            {
                list.Add(e);
            }
            return list;
        }
        var sentTask = Task.WhenAll(ReportStorageKeys.Range("sent", from, to).Select(f => Query(index, f)));
        var repliesTask = Task.WhenAll(ReportStorageKeys.Range("reply", from, to).Select(f => Query(index, f)));
        var addresseesTask = Query(tables.GetTableClient("Addressees"), "PartitionKey eq 'addressee'");
        var sent = (await sentTask).SelectMany(x => x).ToList();
        var replies = (await repliesTask).SelectMany(x => x).ToList();
        var addressees = await addresseesTask;
        long read = sent.Count + replies.Count + addressees.Count;
        var communications = tables.GetTableClient("Communications");
        var wanted = sent.DistinctBy(e => e.GetString("Slug")).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = ReportService.ReadConcurrency };
        await Parallel.ForEachAsync(wanted, options, async (e, ct) =>
        {
            await communications.GetEntityAsync<TableEntity>(e.GetString("AddresseeId"), e.GetString("Slug"), cancellationToken: ct);
            Interlocked.Increment(ref read);
        });
        var replyTable = tables.GetTableClient(ReplyStorageNames.RepliesTable);
        var decisions = tables.GetTableClient(ReplyStorageNames.ConfidentialityDecisionsTable);
        await Parallel.ForEachAsync(replies.Where(r => r.GetBoolean("ConfidentialityRequested") == true).Select(r => r.GetString("Slug")).Distinct(StringComparer.Ordinal), options, async (slug, ct) =>
        {
            var rows = await Query(replyTable, ReplyStorageKeys.RepliesOf(slug));
            var decided = await Query(decisions, TableClient.CreateQueryFilter($"PartitionKey eq {slug}"));
            Interlocked.Add(ref read, rows.Count + decided.Count);
        });
        return read;
    }

    private sealed record Stored(int Replies, int IndexRows, int Entities);

    private static async Task<Stored> StoreArchiveAsync(IServiceProvider services, TableServiceClient tables, int count)
    {
        var archive = new SyntheticArchive(7, Geneva);
        var stopwatch = Stopwatch.StartNew();
        var inputs = archive.Generate(count);
        foreach (var addressee in inputs.DistinctBy(i => i.Communication.AddresseeId))
        {
            await services.GetRequiredService<IAddresseeRepository>().SaveAsync(
                new Addressee(addressee.Communication.AddresseeId, AddresseeKind.State, addressee.AddresseeName, "en"), CancellationToken.None);
        }
        using var signer = new ReceiptSigner(ReceiptSigner.NewKeyPem());
        var receipt = signer.Sign(new ReceiptPayload(ReceiptPayload.CurrentVersion, "r", "r", "AL ARG 1/2011", "al-arg-1-2011", "ARG", "Argentina", "benchmark",
            "2011-01-03T09:00:00Z", "2011-01-03T10:00:00+01:00", "2011-03-04T22:59:59.999Z", true, 0, [], null)).ToJson();

        var communications = inputs.Select(i => (ITableEntity)EntityMapping.ToEntity(i.Communication)).ToList();
        var replies = new List<ITableEntity>();
        var decisions = new List<ITableEntity>();
        var index = new List<ITableEntity>();
        foreach (var input in inputs)
        {
            var c = input.Communication;
            index.Add(TableReportIndex.SentEntity(c.Window.SentOn, c.Slug, c.AddresseeId));
            foreach (var r in input.Replies)
            {
                replies.Add(new ReplyEntity(r.Slug, r.Id)
                {
                    AddresseeId = r.AddresseeId, ReceivedAt = r.ReceivedAt, DaysLate = r.DaysLate, Note = r.Note, Language = r.Language,
                    Files = System.Text.Json.JsonSerializer.Serialize(r.Files, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                    ConfidentialityCategory = r.Confidentiality?.ReasonCategory, ConfidentialityReason = r.Confidentiality?.Reason,
                    ReceiptId = r.ReceiptId, SubmittedBy = r.SubmittedBy, Receipt = receipt,
                });
                if (r.Confidentiality?.Decision is { } d)
                {
                    decisions.Add(new ConfidentialityDecisionEntity(r.Slug, r.Id, d.DecidedAt) { ReplyId = r.Id, Accepted = d.Accepted, DecidedBy = d.DecidedBy, DecidedAt = d.DecidedAt });
                }
                index.Add(TableReportIndex.ReplyEntity(ReportIndexing.EntryOf(r, c, Geneva)));
            }
        }
        await StoreAsync(tables.GetTableClient("Communications"), communications, "communications");
        await StoreAsync(tables.GetTableClient(ReplyStorageNames.RepliesTable), replies, "replies");
        await StoreAsync(tables.GetTableClient(ReplyStorageNames.ConfidentialityDecisionsTable), decisions, "confidentiality decisions");
        await StoreAsync(tables.GetTableClient(ReportStorageNames.IndexTable), index, "report index rows");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Archive stored in {stopwatch.Elapsed.TotalSeconds:F0} s"));
        return new Stored(replies.Count, index.Count, communications.Count + replies.Count + decisions.Count + index.Count);
    }

    /// <summary>Batch transactions of up to 100 rows of one partition, four at a time.</summary>
    private static async Task StoreAsync(TableClient table, List<ITableEntity> entities, string what)
    {
        var batches = entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Storing {entities.Count:N0} {what} in {batches.Count:N0} batch transactions ..."));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }

    private static ServiceProvider BuildServices(string connectionString, TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString, ["Receipts:SigningKeyPem"] = ReceiptSigner.NewKeyPem() })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock);
        services.AddResponsePortal(configuration);
        return services.BuildServiceProvider();
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
