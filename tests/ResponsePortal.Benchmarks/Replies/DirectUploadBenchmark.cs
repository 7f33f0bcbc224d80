using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Replies;

namespace ResponsePortal.Benchmarks.Replies;

/// <summary>
/// A large reply through direct uploads (ADR 0104) as the browser sends it: a session per file from the DevHost (its own
/// process), 4 MB blocks written straight to Azurite through the SAS, four at a time, then the reply made from them
/// (commit, type check, server-side hash, copy into the replies container). Against the same bytes uploaded with the Blob
/// SDK, in the same run. Reports the throughput ratio (direct path / SDK) and the host's peak working set above idle.
/// </summary>
public static class DirectUploadBenchmark
{
    private const string Slug = "al-usa-2-2021";
    private const int ParallelBlocks = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        if (UploadShape.Parse(args) is not { } shape)
        {
            return 2;
        }
        var (files, perFile, total, runs) = shape;
        Console.WriteLine($"Direct upload benchmark: {files} files x {perFile / 1048576.0:F1} MB = {total / 1048576.0:F0} MB, {runs} runs, {Environment.ProcessorCount} cores");

        await using var azurite = await LocalAzurite.StartInMemoryAsync();
        var data = Directory.CreateTempSubdirectory("rp-bench-");
        using var host = ReplyUploadBenchmark.StartHost(azurite.ConnectionString, data.FullName, out var baseUrl);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
            await ReplyUploadBenchmark.WaitUntilUpAsync(http, host);
            var token = (await (await http.PostAsync("/dev/token/usa", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var blobs = new BlobServiceClient(azurite.ConnectionString);
            var sdk = blobs.GetBlobContainerClient("benchmark-direct");
            await sdk.CreateIfNotExistsAsync();
            var expectedSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(new GeneratedDocument(perFile)));

            await ReplyUploadBenchmark.UploadDirectAsync(sdk, "warm-up", 2, 4 * 1024 * 1024);
            await UploadThroughSessionsAsync(http, "warm-up", 2, 4 * 1024 * 1024, null);

            var idle = await ReplyUploadBenchmark.IdleWorkingSetAsync(host);
            var sdkRates = new List<double>();
            var directRates = new List<double>();
            var ratios = new List<double>();
            var growth = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                double sdkSeconds = 0, directSeconds = 0, finalizeSeconds = 0;
                long peak = 0;
                foreach (var sessionsFirst in run % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (sessionsFirst)
                    {
                        using var sampler = new ReplyUploadBenchmark.PeakSampler(host);
                        (directSeconds, finalizeSeconds) = await UploadThroughSessionsAsync(http, $"run-{run}", files, perFile, expectedSha);
                        peak = await sampler.StopAsync();
                        await ReplyUploadBenchmark.DeletePrefixAsync(blobs.GetBlobContainerClient("replies"), Slug + "/");
                    }
                    else
                    {
                        sdkSeconds = await ReplyUploadBenchmark.UploadDirectAsync(sdk, $"run-{run}", files, perFile);
                        await ReplyUploadBenchmark.DeletePrefixAsync(sdk, "");
                    }
                }
                sdkRates.Add(total / 1048576.0 / sdkSeconds);
                directRates.Add(total / 1048576.0 / directSeconds);
                ratios.Add(directRates[^1] / sdkRates[^1]);
                growth.Add((peak - idle) / 1048576.0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} ({(run % 2 == 0 ? "sessions first" : "SDK first")}): Blob SDK {sdkRates[^1],6:F1} MB/s | sessions {directRates[^1],6:F1} MB/s (finalize {finalizeSeconds:F1} s) | ratio {ratios[^1]:F2} | host growth {growth[^1]:F0} MB"));
            }
            double ratio = ReplyUploadBenchmark.Median(ratios);
            double growthMb = ReplyUploadBenchmark.Median(growth);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median Blob SDK to Azurite:          {ReplyUploadBenchmark.Median(sdkRates):F1} MB/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median upload sessions + finalize:   {ReplyUploadBenchmark.Median(directRates):F1} MB/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Throughput ratio sessions / SDK:     {ratio:F2} (median of the per-run ratios) (target >= 0.80) {(ratio >= 0.8 ? "MET" : "NOT MET")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Host peak working set above idle:    {growthMb:F0} MB (target < 150 MB) {(growthMb < 150 ? "MET" : "NOT MET")}"));
            return 0;
        }
        finally
        {
            ChildProcess.Stop(host);
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>What the portal's page does, with the time of the whole and of the finalize alone.</summary>
    private static async Task<(double Seconds, double FinalizeSeconds)> UploadThroughSessionsAsync(HttpClient http, string replyKey, int files, long perFile, string? expectedSha)
    {
        var watch = Stopwatch.StartNew();
        var sessions = new List<string>();
        for (int i = 1; i <= files; i++)
        {
            using var opened = await http.PostAsJsonAsync($"/api/me/communications/{Slug}/uploads", new { fileName = $"part-{i:D2}.pdf", size = perFile, replyKey });
            var session = await ReadAsync(opened, 200);
            sessions.Add(session.GetProperty("id").GetString()!);
            await PutBlocksAsync(new Uri(session.GetProperty("uploadUrl").GetString()!), new GeneratedDocument(perFile), session.GetProperty("blockSize").GetInt32());
        }
        var finalizeStarted = watch.Elapsed.TotalSeconds;
        using var finalized = await http.PostAsJsonAsync($"/api/me/communications/{Slug}/replies/from-uploads", new { sessions, note = "Benchmark reply" });
        var reply = await ReadAsync(finalized, 201);
        var seconds = watch.Elapsed.TotalSeconds;
        var stored = reply.GetProperty("files").EnumerateArray().ToList();
        if (stored.Count != files || stored.Any(f => f.GetProperty("size").GetInt64() != perFile)
            || (expectedSha is not null && stored.Any(f => f.GetProperty("sha256").GetString() != expectedSha)))
        {
            throw new InvalidOperationException("The stored files do not match what was sent: " + reply.GetRawText()[..Math.Min(reply.GetRawText().Length, 2000)]);
        }
        return (seconds, seconds - finalizeStarted);
    }

    /// <summary>Put Block through the SAS, block ids from the index, at most four blocks in flight (as the page does).</summary>
    private static async Task PutBlocksAsync(Uri sasUrl, Stream content, int blockSize)
    {
        var blob = new BlockBlobClient(sasUrl);
        var inFlight = new List<Task>();
        for (int index = 0; ; index++)
        {
            if (inFlight.Count >= ParallelBlocks)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
            }
            var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
            int filled = 0, read;
            while (filled < blockSize && (read = await content.ReadAsync(buffer.AsMemory(filled, blockSize - filled))) > 0)
            {
                filled += read;
            }
            if (filled == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                break;
            }
            var blockId = UploadSession.BlockId(index);
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    await blob.StageBlockAsync(blockId, new MemoryStream(buffer, 0, filled, writable: false));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }));
        }
        await Task.WhenAll(inFlight);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, int expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {(int)response.StatusCode}: {body}");
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
