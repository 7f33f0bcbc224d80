using System.Diagnostics;

namespace ResponsePortal.DevHost.Local;

/// <summary>
/// smtp4dev from the project's own tool manifest (.config/dotnet-tools.json): a local SMTP server that keeps every
/// message and shows it on a web page and an HTTP API. Nothing leaves the machine.
/// </summary>
public sealed class LocalSmtp4dev : IAsyncDisposable
{
    public const int DefaultSmtpPort = 2525;
    public const int DefaultWebPort = 5025;

    private Process? _process;

    private LocalSmtp4dev(int smtpPort, int webPort, Process? process)
    {
        SmtpPort = smtpPort;
        WebPort = webPort;
        _process = process;
    }

    public int SmtpPort { get; }
    public int WebPort { get; }
    public bool StartedByUs => _process is not null;

    /// <summary>The web page (and, under /api, the HTTP API) where delivered mail can be read.</summary>
    public string WebUrl => $"http://127.0.0.1:{WebPort}";

    /// <summary>Restores the project's dotnet tools (smtp4dev) if needed.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(Path.Combine(RepoPaths.Root, ".config", "dotnet-tools.json")))
        {
            throw new InvalidOperationException($"The tool manifest .config/dotnet-tools.json is missing in {RepoPaths.Root}; it pins Rnwood.Smtp4dev.");
        }
        try
        {
            ChildProcess.Run("dotnet", "tool restore", RepoPaths.Root, TimeSpan.FromMinutes(5));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException("smtp4dev could not be installed: run 'dotnet tool restore' in " + RepoPaths.Root + " (needs the NuGet feed). " + ex.Message, ex);
        }
    }

    /// <summary>Uses an smtp4dev already listening on the ports, or starts one that stops with this object.</summary>
    public static async Task<LocalSmtp4dev> StartOrReuseAsync(int smtpPort = DefaultSmtpPort, int webPort = DefaultWebPort)
    {
        if (ChildProcess.IsListening(smtpPort) && ChildProcess.IsListening(webPort))
        {
            return new LocalSmtp4dev(smtpPort, webPort, null);
        }
        return await StartAsync(smtpPort, webPort);
    }

    /// <summary>A private smtp4dev on free ports with an in-memory mailbox: what tests use.</summary>
    public static Task<LocalSmtp4dev> StartOnFreePortsAsync() => StartAsync(ChildProcess.FreePort(), ChildProcess.FreePort());

    public static async Task<LocalSmtp4dev> StartAsync(int smtpPort, int webPort)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo("dotnet",
            $"tool run smtp4dev -- --urls=http://127.0.0.1:{webPort} --smtpport={smtpPort} --bindaddress=127.0.0.1 --tlsmode=None " +
            "--imapport= --pop3port= --db= --nousersettings --messagestokeep=1000")
        {
            WorkingDirectory = RepoPaths.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start 'dotnet tool run smtp4dev'.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("[smtp4dev] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var smtp4dev = new LocalSmtp4dev(smtpPort, webPort, process);
        try
        {
            await ChildProcess.WaitForPortAsync(smtpPort, process, "smtp4dev", TimeSpan.FromSeconds(90));
            await ChildProcess.WaitForPortAsync(webPort, process, "smtp4dev", TimeSpan.FromSeconds(90));
        }
        catch
        {
            await smtp4dev.DisposeAsync();
            throw;
        }
        return smtp4dev;
    }

    public ValueTask DisposeAsync()
    {
        ChildProcess.Stop(_process);
        _process = null;
        return ValueTask.CompletedTask;
    }
}
