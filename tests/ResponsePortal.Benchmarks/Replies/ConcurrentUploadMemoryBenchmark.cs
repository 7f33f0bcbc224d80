using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Benchmarks.Replies;

/// <summary>
/// Many replies uploaded at once through the HTTP API of a DevHost running as its own process (private in-memory
/// Azurite): the host's resident memory at rest (the baseline, measured in the same run), its peak during the
/// uploads, and what it still holds a while after they end.
/// </summary>
public static class ConcurrentUploadMemoryBenchmark
{
    public const double MaxPeakGrowthMb = 300;
    public const double MaxSettledAboveIdleMb = 150;

    public static async Task<int> RunAsync(string[] args)
    {
        int uploads = 50, sizeMb = 20, settleSeconds = 60, runs = 1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--uploads" when i + 1 < args.Length: uploads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--size-mb" when i + 1 < args.Length: sizeMb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--settle" when i + 1 < args.Length: settleSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs" when i + 1 < args.Length: runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"Unknown argument '{args[i]}'."); return 2;
            }
        }
        long size = sizeMb * 1024L * 1024L;
        Console.WriteLine($"Concurrent upload memory benchmark: {uploads} uploads of {sizeMb} MB at once, {runs} run(s), RSS {settleSeconds} s after, {Environment.ProcessorCount} cores");

        await using var azurite = await LocalAzurite.StartInMemoryAsync();
        var data = Directory.CreateTempSubdirectory("rp-bench-");
        using var host = ReplyUploadBenchmark.StartHost(azurite.ConnectionString, data.FullName, out var baseUrl);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
            await ReplyUploadBenchmark.WaitUntilUpAsync(http, host);
            Console.WriteLine($"  host process {host.Id}");
            var token = (await (await http.PostAsync("/dev/token/usa", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var replies = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("replies");

            // Warm-up: JIT, connection pools and Azurite, with a few small replies at once.
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => UploadAsync(http, 1024 * 1024)));
            await DeleteAllAsync(replies);
            var idle = await ReplyUploadBenchmark.IdleWorkingSetAsync(host);

            bool met = true;
            for (int run = 1; run <= runs; run++)
            {
                var watch = Stopwatch.StartNew();
                long peak;
                using (var sampler = new ReplyUploadBenchmark.PeakSampler(host))
                {
                    var statuses = await Task.WhenAll(Enumerable.Range(0, uploads).Select(_ => UploadAsync(http, size)));
                    peak = await sampler.StopAsync();
                    if (statuses.Any(s => s != 201))
                    {
                        throw new InvalidOperationException("Not every upload was stored: " + string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} x {g.Key}")));
                    }
                }
                var seconds = watch.Elapsed.TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
                host.Refresh();
                var settled = host.WorkingSet64;
                await DeleteAllAsync(replies);

                double Mb(long bytes) => bytes / 1048576.0;
                var growth = Mb(peak - idle);
                var above = Mb(settled - idle);
                met &= growth <= MaxPeakGrowthMb && above <= MaxSettledAboveIdleMb;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run}: {uploads * sizeMb} MB in {seconds:F1} s ({uploads * sizeMb / seconds:F1} MB/s) | RSS idle {Mb(idle):F0} MB, peak {Mb(peak):F0} MB (x{(double)peak / idle:F2} of idle, +{growth:F0} MB, target <= {MaxPeakGrowthMb:F0}) {(growth <= MaxPeakGrowthMb ? "MET" : "NOT MET")}, {settleSeconds} s after {Mb(settled):F0} MB (x{(double)settled / idle:F2} of idle, +{above:F0} MB, target <= {MaxSettledAboveIdleMb:F0}) {(above <= MaxSettledAboveIdleMb ? "MET" : "NOT MET")}"));
            }
            return met ? 0 : 1;
        }
        finally
        {
            ChildProcess.Stop(host);
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<int> UploadAsync(HttpClient http, long size)
    {
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(new GeneratedDocument(size), 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        part.Headers.ContentLength = size;
        form.Add(part, "files", "reply.pdf");
        using var response = await http.PostAsync("/api/me/communications/al-usa-2-2021/replies", form);
        return (int)response.StatusCode;
    }

    private static async Task DeleteAllAsync(BlobContainerClient container)
    {
        await foreach (var blob in container.GetBlobsAsync())
        {
            await container.DeleteBlobAsync(blob.Name);
        }
    }
}
