using System.Diagnostics;

namespace ResponsePortal.Infra.Tests;

/// <summary>
/// The real Bicep compiler from the NuGet package Azure.Bicep.CommandLine.linux-x64, which
/// <c>dotnet restore</c> of this project downloads.
/// </summary>
internal static class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";
    private const string PackageVersion = "0.49.2";

    public static string ExecutablePath { get; } = Locate();

    public static BicepResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Keep the CLI quiet and offline: no telemetry, no registry look-ups.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["AZURE_BICEP_USAGE_TELEMETRY_OPT_OUT"] = "1";

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }
        return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "The infra tests run the Linux Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64; run them on Linux (as CI does).");
        }

        var candidates = new List<string>();
        var packageDirectory = Repository.Metadata("BicepPackageDirectory");
        if (packageDirectory.Length > 0)
        {
            candidates.Add(Path.Combine(packageDirectory, "tools", "bicep"));
        }
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(globalPackages, PackageId, PackageVersion, "tools", "bicep"));

        var executable = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The Bicep CLI was not found (looked in: {string.Join(", ", candidates)}). It comes from the NuGet package " +
                $"Azure.Bicep.CommandLine.linux-x64 {PackageVersion}, referenced by this test project: run " +
                "`dotnet restore tests/ResponsePortal.Infra.Tests` with access to the NuGet feed, then run the tests again.");

        // NuGet does not keep the executable bit when it extracts a package.
        var mode = File.GetUnixFileMode(executable);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(executable, mode | execute);
        }
        return executable;
    }
}

internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Diagnostics => $"{StandardError}{StandardOutput}".Trim();
}
