using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ResponsePortal.DevHost.Local;

/// <summary>Helpers to start the local services the portal needs (Azurite, smtp4dev) and stop them with it.</summary>
public static class ChildProcess
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task WaitForPortAsync(int port, Process process, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited with code {process.ExitCode} before listening on port {port}.");
            }
            if (IsListening(port))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not listen on port {port} within {timeout.TotalSeconds:N0} s.");
    }

    /// <summary>Runs a command to completion, failing with its output when it fails.</summary>
    public static void Run(string fileName, string arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{fileName}' is not installed or not on PATH ({ex.Message}).", ex);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{fileName} {arguments}' took longer than {timeout.TotalMinutes:N0} minutes.");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{fileName} {arguments}' failed with exit code {process.ExitCode}:\n{output.Result}\n{error.Result}");
            }
        }
    }

    public static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}
