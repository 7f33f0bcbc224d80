using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Benchmarks.Replies;

/// <summary>
/// Uploads one large reply through the HTTP API of a DevHost running as its own process (Kestrel on 127.0.0.1, a
/// private in-memory Azurite), and the same bytes straight to that Azurite with the Blob SDK, in the same run.
/// Reports the host's peak working set above idle and the throughput ratio API / direct (medians of the runs).
/// </summary>
public static class ReplyUploadBenchmark
{
    private const string Slug = "al-usa-2-2021";

    public static async Task<int> RunAsync(string[] args)
    {
        if (UploadShape.Parse(args) is not { } shape)
        {
            return 2;
        }
        var (files, perFile, total, runs) = shape;
        Console.WriteLine($"Reply upload benchmark: {files} files x {perFile / 1048576.0:F1} MB = {total / 1048576.0:F0} MB, {runs} runs, {Environment.ProcessorCount} cores");

        await using var azurite = await LocalAzurite.StartInMemoryAsync();
        var data = Directory.CreateTempSubdirectory("rp-bench-");
        using var host = StartHost(azurite.ConnectionString, data.FullName, out var baseUrl);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
            await WaitUntilUpAsync(http, host);
            var token = (await (await http.PostAsync("/dev/token/usa", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var blobs = new BlobServiceClient(azurite.ConnectionString);
            var direct = blobs.GetBlobContainerClient("benchmark-direct");
            await direct.CreateIfNotExistsAsync();
            var expectedSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(new GeneratedDocument(perFile)));

            // Warm-up: JIT, connection pools and Azurite, with a small reply both ways.
            await UploadDirectAsync(direct, "warm-up", 2, 4 * 1024 * 1024);
            await UploadThroughApiAsync(http, 2, 4 * 1024 * 1024, null);

            // Idle is measured once, after the warm-up: memory a run keeps (pooled buffers) counts against the later runs too.
            var idle = await IdleWorkingSetAsync(host);
            var directRates = new List<double>();
            var apiRates = new List<double>();
            var growth = new List<long>();
            var ratios = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                // Alternate which goes first, so drift in the machine's load (other work on shared cores) hits both alike.
                double directSeconds = 0, apiSeconds = 0;
                long peak = 0;
                string receipt = "";
                foreach (var apiFirst in run % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (apiFirst)
                    {
                        using var sampler = new PeakSampler(host);
                        (apiSeconds, receipt) = await UploadThroughApiAsync(http, files, perFile, expectedSha);
                        peak = await sampler.StopAsync();
                        await DeletePrefixAsync(blobs.GetBlobContainerClient("replies"), Slug + "/");
                    }
                    else
                    {
                        directSeconds = await UploadDirectAsync(direct, $"run-{run}", files, perFile);
                        await DeletePrefixAsync(direct, "");
                    }
                }
                directRates.Add(total / 1048576.0 / directSeconds);
                apiRates.Add(total / 1048576.0 / apiSeconds);
                ratios.Add(apiRates[^1] / directRates[^1]);
                growth.Add(peak - idle);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} ({(run % 2 == 0 ? "API first" : "direct first")}): direct {directRates[^1],6:F1} MB/s | API {apiRates[^1],6:F1} MB/s | ratio {ratios[^1]:F2} | host working set idle {idle / 1048576.0:F0} MB, peak {peak / 1048576.0:F0} MB, growth {(peak - idle) / 1048576.0:F0} MB | {receipt}"));
            }

            double ratio = Median(ratios);
            double growthMb = Median(growth.Select(g => (double)g).ToList()) / 1048576.0;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median direct to Azurite (Blob SDK): {Median(directRates):F1} MB/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median through the API (DevHost):   {Median(apiRates):F1} MB/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Throughput ratio API / direct:      {ratio:F2} (median of the per-run ratios; ratio of the medians {Median(apiRates) / Median(directRates):F2}) (target >= 0.80) {(ratio >= 0.8 ? "MET" : "NOT MET")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Host peak working set above idle:   {growthMb:F0} MB (target < 150 MB) {(growthMb < 150 ? "MET" : "NOT MET")}"));
            return 0;
        }
        finally
        {
            ChildProcess.Stop(host);
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The DevHost built beside this benchmark build (same configuration), or a message saying how to build it.</summary>
    internal static string DevHostDll(string benchmark)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "functions", "ResponsePortal.DevHost", "bin", configuration, "net10.0", "ResponsePortal.DevHost.dll");
        return File.Exists(dll) ? dll
            : throw new InvalidOperationException($"The DevHost is not built at {dll}; run the benchmark with 'dotnet run -c Release --project tests/ResponsePortal.Benchmarks -- {benchmark}'.");
    }

    internal static Process StartHost(string storage, string dataDirectory, out string baseUrl)
    {
        var dll = DevHostDll("replies");
        var port = ChildProcess.FreePort();
        baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", dataDirectory, "--storage", storage })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the DevHost.");
        // Warnings and errors of the host (console logger: a "warn:"/"fail:" line, then the message) go to stderr.
        var echoNext = false;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            if (echoNext || e.Data.StartsWith("warn:", StringComparison.Ordinal) || e.Data.StartsWith("fail:", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("[devhost] " + e.Data);
            }
            echoNext = e.Data.StartsWith("warn:", StringComparison.Ordinal) || e.Data.StartsWith("fail:", StringComparison.Ordinal);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("[devhost] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitUntilUpAsync(HttpClient http, Process host)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The DevHost exited with code {host.ExitCode} while starting.");
            }
            try
            {
                if ((await http.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The DevHost did not answer /api/health within 120 s.");
    }

    internal static async Task<double> UploadDirectAsync(BlobContainerClient container, string prefix, int files, long perFile)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 1; i <= files; i++)
        {
            await container.GetBlockBlobClient($"{prefix}/{i:D2}.pdf").UploadAsync(new GeneratedDocument(perFile));
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<(double Seconds, string Receipt)> UploadThroughApiAsync(HttpClient http, int files, long perFile, string? expectedSha)
    {
        using var form = new MultipartFormDataContent();
        for (int i = 1; i <= files; i++)
        {
            var part = new StreamContent(new GeneratedDocument(perFile), 64 * 1024);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            part.Headers.ContentLength = perFile;
            form.Add(part, "files", $"part-{i:D2}.pdf");
        }
        form.Add(new StringContent("Benchmark reply"), "note");
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync($"/api/me/communications/{Slug}/replies", form);
        var seconds = watch.Elapsed.TotalSeconds;
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {body}");
        }
        using var json = JsonDocument.Parse(body);
        var stored = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        if (stored.Count != files || stored.Any(f => f.GetProperty("size").GetInt64() != perFile)
            || (expectedSha is not null && stored.Any(f => f.GetProperty("sha256").GetString() != expectedSha)))
        {
            throw new InvalidOperationException("The stored files do not match what was sent: " + body[..Math.Min(body.Length, 2000)]);
        }
        return (seconds, json.RootElement.GetProperty("receiptId").GetString()!);
    }

    internal static async Task DeletePrefixAsync(BlobContainerClient container, string prefix)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
        {
            await container.DeleteBlobAsync(blob.Name);
        }
    }

    internal static async Task<long> IdleWorkingSetAsync(Process host)
    {
        // The host at rest: the lowest of a few samples over a second.
        long idle = long.MaxValue;
        for (int i = 0; i < 10; i++)
        {
            host.Refresh();
            idle = Math.Min(idle, host.WorkingSet64);
            await Task.Delay(100);
        }
        return idle;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Samples the host's working set every 20 ms until stopped, keeping the highest.</summary>
    internal sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public PeakSampler(Process host)
        {
            _sampling = Task.Run(async () =>
            {
                long peak = 0;
                while (!_stop.IsCancellationRequested)
                {
                    host.Refresh();
                    peak = Math.Max(peak, host.WorkingSet64);
                    try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
                }
                host.Refresh();
                return Math.Max(peak, host.WorkingSet64);
            });
        }

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public void Dispose() => _stop.Dispose();
    }
}

/// <summary>A PDF-looking document of a given length, generated on the fly so the client holds no copy of it.</summary>
public sealed class GeneratedDocument(long length) : Stream
{
    private static readonly byte[] Pattern = CreatePattern();
    private static readonly byte[] Trailer = "\nstartxref\n0\n%%EOF\n"u8.ToArray();
    private long _position;

    private static byte[] CreatePattern()
    {
        var bytes = new byte[1024 * 1024];
        new Random(20210125).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (written < buffer.Length && _position < length)
        {
            int at = (int)(_position % Pattern.Length);
            int n = (int)Math.Min(Math.Min(buffer.Length - written, Pattern.Length - at), length - _position);
            // Never repeat the header: later copies of the pattern start with a different byte.
            Pattern.AsSpan(at, n).CopyTo(buffer[written..]);
            if (at == 0 && _position > 0)
            {
                buffer[written] = (byte)'x';
            }
            // A PDF ends with its trailer, which the portal checks.
            for (long i = Math.Max(_position, length - Trailer.Length); i < _position + n; i++)
            {
                buffer[written + (int)(i - _position)] = Trailer[(int)(i - (length - Trailer.Length))];
            }
            written += n;
            _position += n;
        }
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
