using System.Diagnostics;

namespace ResponsePortal.DevHost.Local;

/// <summary>
/// Azurite from the project's own pinned npm package, started with node directly so we hold its real process id.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    private LocalAzurite(int blobPort, int queuePort, int tablePort, Process? process)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _process = process;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }
    public bool StartedByUs => _process is not null;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>The Azurite entry script; installs the project's npm packages (npm ci) the first time.</summary>
    public static string EnsureInstalled()
    {
        var script = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            Console.WriteLine("Installing the project's npm packages (Azurite) with npm ci ...");
            ChildProcess.Run("npm", "ci --no-audit --no-fund", RepoPaths.Root, TimeSpan.FromMinutes(10));
        }
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is missing at {script}. Run 'npm ci' in {RepoPaths.Root} (needs Node.js 20 and npm).");
        }
        return script;
    }

    /// <summary>Uses an Azurite already listening on the default ports, or starts one that keeps its data in <paramref name="dataDirectory"/>.</summary>
    public static async Task<LocalAzurite> StartOrReuseAsync(string dataDirectory)
    {
        if (ChildProcess.IsListening(10000) && ChildProcess.IsListening(10001) && ChildProcess.IsListening(10002))
        {
            return new LocalAzurite(10000, 10001, 10002, null);
        }
        Directory.CreateDirectory(dataDirectory);
        return await StartAsync(10000, 10001, 10002, $"--location \"{dataDirectory}\"");
    }

    /// <summary>A private, in-memory Azurite on free ports: what each test run uses.</summary>
    /// <remarks>
    /// A free port can be taken by another process between the probe and Azurite's bind (tests start many Azurites
    /// at once), so a start that fails is tried again on new ports.
    /// </remarks>
    public static async Task<LocalAzurite> StartInMemoryAsync()
    {
        for (int attempt = 1; ; attempt++)
        {
            var ports = new HashSet<int>();
            while (ports.Count < 3)
            {
                ports.Add(ChildProcess.FreePort());
            }
            var (blob, queue, table) = (ports.ElementAt(0), ports.ElementAt(1), ports.ElementAt(2));
            try
            {
                return await StartAsync(blob, queue, table, "--inMemoryPersistence");
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                Console.Error.WriteLine($"Azurite did not start on ports {blob}/{queue}/{table}; trying other ports.");
            }
        }
    }

    /// <summary>
    /// An Azurite on the given ports that keeps its data in <paramref name="location"/>: stopping it and starting
    /// another on the same ports and folder brings the same storage back (what the outage tests do).
    /// </summary>
    public static Task<LocalAzurite> StartOnDiskAsync(string location, int blobPort, int queuePort, int tablePort)
    {
        Directory.CreateDirectory(location);
        return StartAsync(blobPort, queuePort, tablePort, $"--location \"{location}\"");
    }

    private static async Task<LocalAzurite> StartAsync(int blobPort, int queuePort, int tablePort, string persistence)
    {
        var script = EnsureInstalled();
        var info = new ProcessStartInfo("node",
            $"\"{script}\" --silent --disableTelemetry --skipApiVersionCheck --loose {persistence} " +
            $"--blobHost 127.0.0.1 --blobPort {blobPort} --queueHost 127.0.0.1 --queuePort {queuePort} --tableHost 127.0.0.1 --tablePort {tablePort}")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Node.js is needed to run Azurite; install Node.js 20 (node on PATH).", ex);
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("[azurite] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new LocalAzurite(blobPort, queuePort, tablePort, process);
        try
        {
            foreach (var port in new[] { blobPort, queuePort, tablePort })
            {
                await ChildProcess.WaitForPortAsync(port, process, "Azurite", TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
        return azurite;
    }

    public ValueTask DisposeAsync()
    {
        ChildProcess.Stop(_process);
        _process = null;
        return ValueTask.CompletedTask;
    }
}
