using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.DevHost.Intake;

/// <summary>
/// "intake put DIR": drops a folder as an intake package (docs/intake.md) into the <c>incoming</c> container, the
/// files first and <c>manifest.json</c> last, since the manifest's arrival is what starts the registration.
/// </summary>
public sealed class IntakeCommands(BlobServiceClient blobs, TimeProvider clock, TextWriter output)
{
    public const string Usage = """
        Usage: DevHost [--data DIR] [--storage CONNECTION-STRING] intake put <folder> [--id PACKAGE-ID] [--wait SECONDS]
          put <folder>          upload manifest.json and the files beside it as incoming/<package-id>/ (the id is the
                                folder's name unless --id is given); the running DevHost registers it within a second
          --wait SECONDS        then wait for the outcome and print it (registered, or REJECTED.txt with every reason)
        """;

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args is not ["put", var folderArgument, ..])
        {
            output.WriteLine(Usage);
            return 2;
        }
        var folder = Path.GetFullPath(folderArgument);
        if (!Directory.Exists(folder))
        {
            output.WriteLine($"There is no folder {folder}.");
            return 2;
        }
        var packageId = Option(args, "--id") ?? Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar));
        if (!StorageIds.CanBeKey(packageId))
        {
            output.WriteLine($"\"{TextRules.Shown(packageId)}\" cannot be a package id; give one with --id.");
            return 2;
        }
        if (LayoutProblem(folder) is { } problem)
        {
            output.WriteLine(problem);
            return 2;
        }

        var incoming = blobs.GetBlobContainerClient(StorageNames.IncomingContainer);
        await incoming.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await foreach (var _ in incoming.GetBlobsAsync(new GetBlobsOptions { Prefix = packageId + "/" }, cancellationToken))
        {
            output.WriteLine($"A package {packageId} is already waiting in incoming; give another id with --id.");
            return 1;
        }
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        // Outcomes of earlier packages of the same id, so that only this package's outcome is reported.
        var earlier = await OutcomesAsync(packageId, cancellationToken);
        foreach (var name in files.Where(f => f != "manifest.json").Append("manifest.json"))
        {
            await using var content = File.OpenRead(Path.Combine(folder, name));
            await incoming.GetBlobClient($"{packageId}/{name}").UploadAsync(content, overwrite: true, cancellationToken);
            output.WriteLine($"  incoming/{packageId}/{name} ({content.Length:N0} bytes)");
        }
        output.WriteLine($"Dropped package {packageId} ({files.Count} files). Its outcome goes to incoming-processed/{packageId}/ or incoming-rejected/{packageId}/ with REJECTED.txt.");

        var wait = Option(args, "--wait");
        return wait is null ? 0 : await WaitAsync(packageId, earlier, TimeSpan.FromSeconds(int.Parse(wait, System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
    }

    /// <summary>What would make the package unreadable before it is sent; the portal checks the rest and lists every reason.</summary>
    public static string? LayoutProblem(string folder)
    {
        var manifestPath = Path.Combine(folder, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            return $"{folder} has no manifest.json. A package is a folder with manifest.json and the letter file it names (docs/intake.md).";
        }
        if (Directory.GetDirectories(folder).Length > 0)
        {
            return $"{folder} holds sub-folders; a package is flat: manifest.json and the files beside it.";
        }
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            if (manifest.RootElement.ValueKind == JsonValueKind.Object
                && manifest.RootElement.TryGetProperty("letterFile", out var letter) && letter.ValueKind == JsonValueKind.String
                && !File.Exists(Path.Combine(folder, letter.GetString()!)))
            {
                return $"manifest.json names the letter \"{TextRules.Shown(letter.GetString()!)}\", which is not in {folder}.";
            }
        }
        catch (JsonException)
        {
            // Sent as it is: the portal's rejection says what is wrong with it, in the same words as for any system.
        }
        return null;
    }

    private async Task<int> WaitAsync(string packageId, HashSet<string> earlier, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            while (true)
            {
                var outcome = (await OutcomesAsync(packageId, linked.Token)).Except(earlier).ToList();
                if (outcome.FirstOrDefault(n => n.EndsWith("/REJECTED.txt", StringComparison.Ordinal)) is { } reasons)
                {
                    var rejected = blobs.GetBlobContainerClient(StorageNames.IncomingRejectedContainer);
                    output.WriteLine((await rejected.GetBlobClient(reasons[(StorageNames.IncomingRejectedContainer.Length + 1)..]).DownloadContentAsync(linked.Token)).Value.Content.ToString());
                    return 1;
                }
                if (outcome.Any(n => n.StartsWith(StorageNames.IncomingProcessedContainer + "/", StringComparison.Ordinal) && n.EndsWith("/manifest.json", StringComparison.Ordinal)))
                {
                    output.WriteLine($"Registered: package {packageId} is in incoming-processed.");
                    return 0;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, linked.Token);
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            output.WriteLine($"No outcome within {timeout.TotalSeconds:0} s: is the DevHost running on this storage?");
            return 1;
        }
    }

    /// <summary>Every blob of the package's outcomes so far, as "container/name".</summary>
    private async Task<HashSet<string>> OutcomesAsync(string packageId, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var containerName in new[] { StorageNames.IncomingProcessedContainer, StorageNames.IncomingRejectedContainer })
        {
            var container = blobs.GetBlobContainerClient(containerName);
            if (!await container.ExistsAsync(cancellationToken))
            {
                continue;
            }
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = packageId + "/" }, cancellationToken))
            {
                names.Add(containerName + "/" + blob.Name);
            }
        }
        return names;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Runs a command against Azurite in the data folder (started or reused) or the account given by --storage.</summary>
    public static async Task<int> RunLocalAsync(string[] args, string dataDirectory, string? storage = null, TextWriter? output = null)
    {
        output ??= Console.Out;
        var rest = HostArguments.Split(args, ref dataDirectory, ref storage);
        if (rest is not ["put", _, ..])
        {
            output.WriteLine(Usage);
            return 2;
        }
        storage ??= Environment.GetEnvironmentVariable("AzureWebJobsStorage");
        await using var azurite = storage is null ? await LocalAzurite.StartOrReuseAsync(Path.Combine(dataDirectory, "azurite")) : null;
        output.WriteLine(storage is null ? $"Storage: Azurite ({Path.Combine(dataDirectory, "azurite")})" : "Storage: the account given by --storage");
        var blobs = new BlobServiceClient(storage ?? azurite!.ConnectionString);
        return await new IntakeCommands(blobs, TimeProvider.System, output).RunAsync(rest.ToArray(), CancellationToken.None);
    }
}
