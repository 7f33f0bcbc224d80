using System.Diagnostics;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Replies;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Replies;

public sealed class ReceiptKeysTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rp-receipt-keys-");

    private string PathTo(string name) => Path.Combine(_folder.FullName, name);

    private static ReceiptPayload Payload() => new(
        ReceiptPayload.CurrentVersion, "rcpt-1", "1", "AL USA 2/2021", "al-usa-2-2021", "USA", "United States of America", "dev-usa-officer",
        "2021-03-01T10:00:00.000Z", "2021-03-01T11:00:00.000+01:00 Europe/Zurich", "2021-03-26T22:59:59.999Z", true, 0,
        [new ReceiptFile("reply.pdf", 10, "application/pdf", new string('0', 64))], null);

    [Fact]
    public void The_devhost_keeps_its_key_across_restarts_and_writes_the_public_half()
    {
        var first = ReceiptKeys.LoadOrCreate(_folder.FullName);
        var second = ReceiptKeys.LoadOrCreate(_folder.FullName);

        Assert.Equal(first, second);
        using var signer = new ReceiptSigner(first);
        Assert.Equal(signer.PublicKeyPem + "\n", File.ReadAllText(PathTo(ReceiptKeys.PublicFileName)));
    }

    [Fact]
    public void The_verify_command_accepts_a_receipt_and_refuses_it_after_one_changed_byte()
    {
        using var signer = new ReceiptSigner(ReceiptKeys.LoadOrCreate(_folder.FullName));
        var json = signer.Sign(Payload()).ToJson();
        File.WriteAllText(PathTo("receipt.json"), json);
        File.WriteAllText(PathTo("changed.json"), json.Replace("\"size\": 10", "\"size\": 11", StringComparison.Ordinal));

        var valid = ReceiptKeys.VerifyCommand(PathTo("receipt.json"), PathTo(ReceiptKeys.PublicFileName), _folder.FullName);
        var changed = ReceiptKeys.VerifyCommand(PathTo("changed.json"), PathTo(ReceiptKeys.PublicFileName), _folder.FullName);
        var withLocalKey = ReceiptKeys.VerifyCommand(PathTo("receipt.json"), null, _folder.FullName);

        Assert.NotEqual(json, File.ReadAllText(PathTo("changed.json")));
        Assert.Equal(0, valid);
        Assert.Equal(1, changed);
        Assert.Equal(0, withLocalKey);
    }

    [Fact]
    public async Task Dotnet_run_verify_receipt_reads_relative_paths_from_the_folder_it_was_run_in()
    {
        using var signer = new ReceiptSigner(ReceiptKeys.LoadOrCreate(_folder.FullName));
        File.WriteAllText(PathTo("receipt.json"), signer.Sign(Payload()).ToJson());
        var project = Path.Combine(RepoPaths.Root, "functions", "ResponsePortal.DevHost");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--no-build", "--project", project, "--", "verify-receipt", "receipt.json", ReceiptKeys.PublicFileName })
        {
            start.ArgumentList.Add(arg);
        }

        using var run = Process.Start(start)!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {await output} {await errors}");
        Assert.Contains("valid", (await output).ToLowerInvariant(), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
