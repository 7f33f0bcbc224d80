using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Azure.Storage;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Replies;
using Xunit.Abstractions;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>
/// A real DevHost process killed with SIGKILL while replies stream in, on an Azurite this test owns (ADR 0103):
/// after a restart nothing acknowledged is lost or incomplete, counts equal rows, each reply has each event once,
/// retries with the same keys succeed within two minutes without a duplicate, and the janitor leaves no orphan.
/// </summary>
public sealed class UploadCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Slug = "al-usa-2-2021";
    private const int Uploads = 24;

    private LocalAzurite _azurite = null!;
    private string _data = null!;
    private int _port;
    private Process? _host;

    public async Task InitializeAsync()
    {
        _azurite = await LocalAzurite.StartInMemoryAsync();
        _data = Directory.CreateTempSubdirectory("devhost-crash-").FullName;
        _port = ChildProcess.FreePort();
    }

    public async Task DisposeAsync()
    {
        ChildProcess.Stop(_host);
        await _azurite.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_host_killed_during_uploads_loses_nothing_acknowledged_and_leaves_nothing_behind()
    {
        // Arrange: replies of a short letter and a 1 to 5 MB annex, each with its own Idempotency-Key. Two files, so
        // that a reply cut off in its annex has a committed first file: what the janitor must remove.
        var random = new Random(20210125);
        byte[] Document(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            "%PDF-1.7\n"u8.CopyTo(bytes);
            // A PDF ends with its trailer: the portal checks structure, not only the first bytes.
            "\ntrailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"u8.CopyTo(bytes.AsSpan(bytes.Length - 43));
            return bytes;
        }
        var replies = Enumerable.Range(1, Uploads).Select(i => new CrashReply($"crash-{i:D2}",
            [Document(64 * 1024 + random.Next(1000)), Document((1 + i % 5) * 1024 * 1024 - random.Next(1000))])).ToList();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromMinutes(5) };
        await StartHostAsync(http);
        var token = await TokenAsync(http, "usa");

        // Act 1: all at once; once a few are acknowledged, SIGKILL the host while the others stream.
        var acknowledged = new ConcurrentDictionary<string, string>();
        var sending = replies.Select(async r =>
        {
            try
            {
                using var response = await UploadAsync(http, token, r.Key, r.Files, paced: true);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[r.Key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                }

            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // The connection died with the host: this one was not acknowledged.
            }
        }).ToList();
        // Kill only once the host has uploads in hand (their records in ReplyUploads): killed before it has read the
        // other requests, it would leave nothing half-done and the test would prove nothing.
        var uploads = new TableServiceClient(_azurite.ConnectionString).GetTableClient(ReplyStorageNames.UploadsTable);
        var waitedForKill = Stopwatch.StartNew();
        while (!sending.All(t => t.IsCompleted) && waitedForKill.Elapsed < TimeSpan.FromMinutes(3)
               && (acknowledged.Count < 3 || (await ListAsync(uploads, $"PartitionKey eq '{ReplyStorageKeys.UploadsPartition}'")).Count == 0))
        {
            await Task.Delay(50);
        }
        _host!.Kill(entireProcessTree: false); // SIGKILL: no shutdown code runs
        await _host.WaitForExitAsync();
        await Task.WhenAll(sending);
        Assert.InRange(acknowledged.Count, 3, Uploads - 1);

        // Act 2: restart; retry every reply with its key (an acknowledged one too: it must not be stored twice).
        await StartHostAsync(http);
        var retryClock = Stopwatch.StartNew();
        var conflicts = 0;
        var storedUnacknowledged = 0;
        var ids = new ConcurrentDictionary<string, string>();
        await Task.WhenAll(replies.Select(async r =>
        {
            while (true)
            {
                using var response = await UploadAsync(http, token, r.Key, r.Files);
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    ids[r.Key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                    if (response.StatusCode == HttpStatusCode.OK && !acknowledged.ContainsKey(r.Key))
                    {
                        Interlocked.Increment(ref storedUnacknowledged); // stored before the kill, its answer lost with the host
                    }
                    return;
                }
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode); // the dead upload's lease has not run out yet
                Interlocked.Increment(ref conflicts);
                Assert.True(retryClock.Elapsed < TimeSpan.FromMinutes(2), $"{r.Key} still answered 409 after {retryClock.Elapsed}.");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }));
        // Every lease of the killed host has run out three minutes on: moving the dev clock runs the timers, the
        // janitor among them; run it once more by name so the test does not depend on which timers that is.
        (await http.PostAsync("/dev/clock/advance?hours=0.05", null)).EnsureSuccessStatusCode();
        (await http.PostAsync("/dev/timers/ReplyJanitor/run", null)).EnsureSuccessStatusCode();

        // Assert: every acknowledged reply is the one the retry got back; one reply per key, complete, with its bytes.
        Assert.All(acknowledged, a => Assert.Equal(a.Value, ids[a.Key]));
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var rows = await ListAsync(tables.GetTableClient(ReplyStorageNames.RepliesTable), $"PartitionKey eq '{Slug}' and RowKey lt '{ReplyStorageKeys.OutboxPrefix}'");
        Assert.Equal(ids.Values.Order(), rows.Select(r => r.RowKey).Order());
        var container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(ReplyStorageNames.RepliesContainer);
        var referenced = new List<string>();
        foreach (var r in replies)
        {
            var row = rows.Single(x => x.RowKey == ids[r.Key]);
            var files = JsonDocument.Parse(row.GetString("Files")).RootElement.EnumerateArray().ToList();
            Assert.Equal(r.Sha256s, files.Select(f => f.GetProperty("sha256").GetString()));
            foreach (var file in files)
            {
                var blobName = file.GetProperty("blobName").GetString()!;
                referenced.Add(blobName);
                var stored = (await container.GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToArray();
                Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(stored)));
            }
        }
        // Counts equal rows; each reply has each of its events exactly once.
        var communication = Assert.Single(await ListAsync(tables.GetTableClient(StorageNames.CommunicationsTable), $"RowKey eq '{Slug}'"));
        Assert.Equal(rows.Count, communication.GetInt32("ReplyCount"));
        var events = await ListAsync(tables.GetTableClient(StorageNames.EventsTable), $"PartitionKey eq '{Slug}'");
        foreach (var kind in new[] { ReplyEvents.ReplyReceived, ReplyEvents.ReceiptIssued })
        {
            var perReply = events.Where(e => e.GetString("Kind") == kind)
                .Select(e => JsonDocument.Parse(e.GetString("Data")).RootElement.GetProperty("replyId").GetString()!).Order().ToList();
            Assert.Equal(ids.Values.Order(), perReply);
        }
        // No orphan: every committed blob belongs to a reply, nothing unfinished is left.
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }
        Assert.Equal(referenced.Order(), blobs.Order());
        Assert.Empty(await ListAsync(tables.GetTableClient(ReplyStorageNames.UploadsTable), $"PartitionKey eq '{ReplyStorageKeys.UploadsPartition}'"));
        Assert.Empty(await ListAsync(tables.GetTableClient(ReplyStorageNames.RepliesTable), $"RowKey ge '{ReplyStorageKeys.OutboxPrefix}' and State eq 'pending'"));
        // The kill did land mid-upload: a retry met the lease of an upload the killed host had in hand (409), a reply
        // was stored but its answer died with the host (the retry replays it: 200), or the janitor found uploads of
        // the killed host to finish.
        var summary = await GetAsync(http, await TokenAsync(http, "secretariat"), "/api/monitoring/summary");
        var janitor = summary.GetProperty("replyJanitor");
        output.WriteLine($"{acknowledged.Count} of {Uploads} acknowledged before the kill; {storedUnacknowledged} stored but unacknowledged; {conflicts} retries answered 409 first; janitor: {janitor}");
        Assert.True(conflicts + storedUnacknowledged + janitor.GetProperty("uploadsRemoved").GetInt64() + janitor.GetProperty("repliesRepaired").GetInt64() >= 1,
            $"No sign that the kill landed mid-upload: no retry answered 409 or replayed an unacknowledged reply, and the janitor did nothing ({janitor}).");
    }

    /// <summary>
    /// An annex sent at about 4 MB/s, as a real uplink would: on an idle machine the whole burst was otherwise in before
    /// the test could kill the host, and there was nothing half-done to recover.
    /// </summary>
    private sealed class PacedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(15, cancellationToken);
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private sealed record CrashReply(string Key, byte[][] Files)
    {
        public IReadOnlyList<string> Sha256s { get; } = Files.Select(f => Convert.ToHexStringLower(SHA256.HashData(f))).ToList();
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task StartHostAsync(HttpClient http)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ResponsePortal.DevHost.dll");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--port", _port.ToString(CultureInfo.InvariantCulture), "--data", _data, "--storage", _azurite.ConnectionString, "--no-smtp4dev" })
        {
            info.ArgumentList.Add(arg);
        }
        _host?.Dispose();
        _host = Process.Start(info) ?? throw new InvalidOperationException("Could not start the DevHost.");
        _host.OutputDataReceived += (_, _) => { };
        _host.ErrorDataReceived += (_, _) => { };
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_host.HasExited, $"The DevHost exited with code {(_host.HasExited ? _host.ExitCode : 0)} while starting.");
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
            Assert.True(started.Elapsed < TimeSpan.FromMinutes(2), "The DevHost did not answer /api/health within 2 minutes.");
            await Task.Delay(250);
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string persona)
        => (await (await http.PostAsync($"/dev/token/{persona}", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, string token, string key, byte[][] files, bool paced = false)
    {
        var form = new MultipartFormDataContent();
        for (int i = 0; i < files.Length; i++)
        {
            HttpContent part = paced && i > 0 ? new StreamContent(new PacedStream(files[i]), 64 * 1024) : new ByteArrayContent(files[i]);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(part, "files", i == 0 ? "reply.pdf" : $"annex-{i}.pdf");
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/me/communications/{Slug}/replies") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    private static async Task<List<TableEntity>> ListAsync(TableClient table, string filter)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter))
        {
            list.Add(entity);
        }
        return list;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < timeout, $"The condition did not become true within {timeout}.");
            await Task.Delay(10);
        }
    }
}
