using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Integration.Tests.Harness;
using Xunit.Abstractions;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>
/// Storage goes away under load and comes back: a real DevHost process on an Azurite this test owns, which it kills
/// (SIGKILL) and later starts again on the same ports and folder, while a client keeps calling the API.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// Shorter than the 30 s of the report to keep CI time down; long enough for the trigger runner (a pass a
    /// second) to fail many times and reach its back-off ceiling (0.5 + 1 + 2 + 4 s, then 5 s each), and for every
    /// route to be called during the outage many times over.
    /// </summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    /// <summary>The promise is 10 s; 10 s more of margin for a loaded two-core CI machine (measured figures go to the test output).</summary>
    private static readonly TimeSpan RecoveryPromise = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryMargin = TimeSpan.FromSeconds(10);

    /// <summary>"Within a few seconds" for one answer during the outage: the fail-fast settings give well under 1 s for a refused connection.</summary>
    private static readonly TimeSpan OutageAnswerLimit = TimeSpan.FromSeconds(5);

    private readonly string _root = Directory.CreateTempSubdirectory("rp-outage-").FullName;
    private readonly int[] _ports = DistinctFreePorts(3);
    private LocalAzurite? _azurite;
    private DevHostProcess _host = null!;

    private string Location => Path.Combine(_root, "azurite");

    public async Task InitializeAsync()
    {
        _azurite = await StartAzuriteAsync();
        _host = await DevHostProcess.StartAsync(_azurite.ConnectionString, Path.Combine(_root, "devhost"), ChildProcess.FreePort());
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping process; the temp folder is cleaned by the system later.
        }
    }

    private Task<LocalAzurite> StartAzuriteAsync() => LocalAzurite.StartOnDiskAsync(Location, _ports[0], _ports[1], _ports[2]);

    private static int[] DistinctFreePorts(int count)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count)
        {
            ports.Add(ChildProcess.FreePort());
        }
        return ports.ToArray();
    }

    private sealed record Call(string Route, DateTimeOffset Started, TimeSpan Took, HttpStatusCode? Status, string? MediaType, string? RetryAfter, string Body);

    [Fact]
    public async Task During_a_storage_outage_the_api_answers_503_problems_quickly_the_host_survives_and_serves_again_once_storage_returns()
    {
        // Reads of tables and blobs, and one write (an idempotent PUT, so every call may succeed).
        var routes = new (string Path, string Persona, string? PutJson)[]
        {
            ("/api/communications", "secretariat", null),
            ("/api/communications/al-usa-2-2021", "secretariat", null),
            ("/api/me/communications", "usa", null),
            ("/api/me/communications/al-usa-2-2021/letter", "usa", null),
            ("/api/monitoring/summary", "secretariat", null),
            ("/api/addressees/USA/contacts/operations@example.org", "secretariat", """{"name":"Operations desk"}"""),
        };
        var bearers = new Dictionary<string, AuthenticationHeaderValue>();
        foreach (var persona in routes.Select(r => r.Persona).Distinct())
        {
            bearers[persona] = await _host.BearerAsync(persona);
        }
        var calls = new ConcurrentQueue<Call>();
        using var stopClients = new CancellationTokenSource();
        var clients = routes.Select(route => Task.Run(async () =>
        {
            while (!stopClients.IsCancellationRequested)
            {
                calls.Enqueue(await CallAsync(route.Path, bearers[route.Persona], route.PutJson));
                await Task.Delay(100);
            }
        })).ToList();

        // Azurite saves its metadata to --location every 5 s (autosaveInterval): give what the host loaded time to
        // reach the disk, or the restart would bring back older storage than the host saw.
        var savedBy = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(6);
        Assert.True(await WaitUntilAsync(() => routes.All(r => calls.Any(c => c.Route == r.Path && IsSuccess(c.Status))), TimeSpan.FromSeconds(30)),
            "Not every route answered 2xx before the outage:\n" + string.Join('\n', calls.Where(c => !IsSuccess(c.Status)).Take(5)));

        var settle = savedBy - DateTimeOffset.UtcNow;
        if (settle > TimeSpan.Zero)
        {
            await Task.Delay(settle);
        }

        await _azurite!.DisposeAsync();
        var down = DateTimeOffset.UtcNow;
        output.WriteLine($"Azurite killed at {down:O}");
        // The outage lasts as long as it lasts; meanwhile the host must stay up (the report saw it exit after ~24 s).
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < Outage)
        {
            Assert.False(_host.HasExited, "The DevHost exited during the outage:\n" + string.Join('\n', _host.Log.TakeLast(60)));
            await Task.Delay(250);
        }
        var restarting = DateTimeOffset.UtcNow;
        _azurite = await StartAzuriteAsync();
        var up = DateTimeOffset.UtcNow;
        output.WriteLine($"Azurite listening again at {up:O} (restart took {(up - restarting).TotalSeconds:N1} s)");

        var recovered = new Dictionary<string, DateTimeOffset>();
        await WaitUntilAsync(() =>
        {
            foreach (var call in calls.Where(c => c.Started >= up && IsSuccess(c.Status)))
            {
                recovered.TryAdd(call.Route, call.Started + call.Took);
            }
            return recovered.Count == routes.Length;
        }, RecoveryPromise + RecoveryMargin + TimeSpan.FromSeconds(5));
        await stopClients.CancelAsync();
        await Task.WhenAll(clients);

        var duringOutage = calls.Where(c => c.Started >= down && c.Started + c.Took <= restarting).ToList();
        var wrong = duringOutage.Where(c => c.Status != HttpStatusCode.ServiceUnavailable || c.MediaType != "application/problem+json" || c.RetryAfter is null
                                            || c.Body.Contains("Exception", StringComparison.Ordinal) || c.Body.Contains(" at ", StringComparison.Ordinal)).ToList();
        Assert.True(wrong.Count == 0, "Answers during the outage that are not a bare 503 problem with Retry-After:\n" + string.Join('\n', wrong.Take(5)));
        var slow = duringOutage.Where(c => c.Took > OutageAnswerLimit).ToList();
        Assert.True(slow.Count == 0, "Answers during the outage slower than " + OutageAnswerLimit + ":\n" + string.Join('\n', slow.Take(5)));
        foreach (var route in routes)
        {
            var seen = duringOutage.Where(c => c.Route == route.Path).ToList();
            output.WriteLine($"{route.Path}: {seen.Count} calls during the outage, slowest {seen.Select(c => c.Took.TotalMilliseconds).DefaultIfEmpty().Max():N0} ms; " +
                             $"2xx again {(recovered.TryGetValue(route.Path, out var at) ? $"{(at - up).TotalSeconds:N1} s" : "never")} after Azurite listened");
            Assert.True(seen.Count >= 3, $"{route.Path} was called only {seen.Count} times during the outage.");
        }
        foreach (var problem in duringOutage.Take(3))
        {
            using var json = JsonDocument.Parse(problem.Body);
            Assert.Equal(503, json.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("correlationId").GetString()));
        }

        Assert.Equal(routes.Length, recovered.Count);
        Assert.All(recovered.Values, at => Assert.True(at - up <= RecoveryPromise + RecoveryMargin, $"2xx came back {(at - up).TotalSeconds:N1} s after storage."));
        Assert.False(_host.HasExited, "The DevHost exited:\n" + string.Join('\n', _host.Log.TakeLast(60)));
        // The background loop met the outage (and said so) rather than sitting idle through it.
        Assert.Contains(_host.Log, line => line.Contains("Trigger runner pass failed", StringComparison.Ordinal));
        Assert.True(await WaitUntilAsync(() => _host.Log.Any(line => line.Contains("Trigger runner recovered", StringComparison.Ordinal)), RecoveryPromise + RecoveryMargin),
            "The trigger runner did not say it recovered:\n" + string.Join('\n', _host.Log.TakeLast(40)));
        // And it works again: queued jobs drain through storage that came back.
        using var drained = await _host.Http.PostAsync("/dev/queues/run", null);
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
    }

    private async Task<Call> CallAsync(string path, AuthenticationHeaderValue bearer, string? putJson)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(putJson is null ? HttpMethod.Get : HttpMethod.Put, path);
            if (putJson is not null)
            {
                request.Content = new StringContent(putJson, System.Text.Encoding.UTF8, "application/json");
            }
            request.Headers.Authorization = bearer;
            using var response = await _host.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Call(path, started, clock.Elapsed, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.ToString(), body.Length > 2000 ? body[..2000] : body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Call(path, started, clock.Elapsed, null, null, null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static bool IsSuccess(HttpStatusCode? status) => status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices;

    /// <summary>Polls a condition until it holds or the time is up; says which.</summary>
    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
