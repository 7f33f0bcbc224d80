using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Harness;

/// <summary>
/// The DevHost as a real child process (<c>dotnet ResponsePortal.DevHost.dll --port … --storage …</c>), the way a
/// person runs it: its own trigger runner, its own clock file, its own log. Tests that need the process to outlive
/// something (storage going away) or two hosts at once use this instead of the in-process <c>DevHostApp</c>.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private DevHostProcess(Process process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public bool HasExited => _process.HasExited;
    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far (stdout and stderr), for assertions and for a failing test's message.</summary>
    public IReadOnlyList<string> Log => _log.ToArray();

    public static async Task<DevHostProcess> StartAsync(string storageConnectionString, string dataDirectory, int smtpPort, params string[] extraArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ResponsePortal.DevHost.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution (the test project references the DevHost).");
        }
        var port = ChildProcess.FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { dll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dataDirectory,
                     "--storage", storageConnectionString, "--smtp-port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-smtp4dev" }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }
        // The host's own log in plain lines, one per message, so a test can read what its loops did.
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the DevHost process.");
        var host = new DevHostProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The DevHost exited with code {_process.ExitCode} before it served:\n{string.Join('\n', Log)}");
            }
            try
            {
                using var response = await Http.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The DevHost did not answer /api/health within {timeout.TotalSeconds:N0} s:\n{string.Join('\n', Log)}");
    }

    /// <summary>A demo persona's bearer token, issued by this host (each host signs with the key in its data folder).</summary>
    public async Task<AuthenticationHeaderValue> BearerAsync(string persona)
    {
        using var response = await Http.PostAsync($"/dev/token/{persona}", null);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("token").GetString());
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        ChildProcess.Stop(_process);
        return ValueTask.CompletedTask;
    }
}
