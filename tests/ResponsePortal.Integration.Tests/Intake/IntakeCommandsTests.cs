using Azure.Storage.Blobs;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.DevHost.Intake;
using ResponsePortal.Functions.Intake;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Intake;

/// <summary>"intake put DIR" against the harness's Azurite, then the intake function as the DevHost's poll would run it.</summary>
public sealed class IntakeCommandsTests : PortalHarness, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("intake-put-").FullName;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private BlobContainerClient Container(string name) => Get<BlobServiceClient>().GetBlobContainerClient(name);

    private string Package(string name, string letterFile = "letter.txt", bool withLetter = true)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), $$$"""
            {"schemaVersion":1,"letterFile":"{{{letterFile}}}","communication":{"reference":"AL USA 7/2021","addresseeId":"USA","subject":"From a case system","mandates":["Special Rapporteur"],"sentOn":"2021-01-25"}}
            """);
        if (withLetter)
        {
            File.WriteAllText(Path.Combine(folder, letterFile), "The letter, as plain text.\n");
        }
        return folder;
    }

    private async Task<(int Code, string Output)> PutAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await IntakeCommands.RunLocalAsync(["--storage", Azurite.ConnectionString, .. args], dataDirectory: _folder, output: output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task A_folder_is_dropped_with_the_manifest_last_and_registers_as_the_api_would()
    {
        var (code, output) = await PutAsync("put", Package("case-2021-0042"));

        Assert.True(code == 0, output);
        Assert.Contains("Dropped package case-2021-0042 (2 files)", output);
        Assert.True(output.IndexOf("letter.txt", StringComparison.Ordinal) < output.IndexOf("manifest.json", StringComparison.Ordinal), output);
        Assert.Equal(["case-2021-0042/letter.txt", "case-2021-0042/manifest.json"], Container(StorageNames.IncomingContainer).GetBlobs().Select(b => b.Name).Order());

        await using var manifest = await Container(StorageNames.IncomingContainer).GetBlobClient("case-2021-0042/manifest.json").OpenReadAsync();
        await Get<IntakeFunction>().IntakePackage(manifest, "case-2021-0042", default);

        Assert.NotNull(await Get<ICommunicationRepository>().FindAsync("al-usa-7-2021", default));
    }

    [Fact]
    public async Task The_package_id_can_be_given_and_a_waiting_package_of_the_same_id_is_not_overwritten()
    {
        var folder = Package("any-name");

        Assert.Equal(0, (await PutAsync("put", folder, "--id", "pkg-7")).Code);
        var (code, output) = await PutAsync("put", folder, "--id", "pkg-7");

        Assert.Equal(1, code);
        Assert.Contains("already waiting", output);
        Assert.All(Container(StorageNames.IncomingContainer).GetBlobs(), b => Assert.StartsWith("pkg-7/", b.Name));
    }

    [Fact]
    public async Task A_folder_without_the_letter_its_manifest_names_is_refused_before_anything_is_sent()
    {
        var (code, output) = await PutAsync("put", Package("no-letter", withLetter: false));

        Assert.Equal(2, code);
        Assert.Contains("names the letter \"letter.txt\", which is not in", output);
        Assert.Empty(Container(StorageNames.IncomingContainer).GetBlobs());
    }

    [Fact]
    public async Task With_wait_the_outcome_is_printed_once_the_package_is_handled()
    {
        var folder = Package("waited");
        var put = PutAsync("put", folder, "--wait", "60");
        // The DevHost's poll, played by the test: run the intake function once the manifest has arrived.
        var manifestBlob = Container(StorageNames.IncomingContainer).GetBlobClient("waited/manifest.json");
        while (!(await manifestBlob.ExistsAsync()).Value)
        {
            Assert.False(put.IsCompleted, "The command ended before its manifest arrived.");
            await Task.Delay(50);
        }
        await using (var manifest = await manifestBlob.OpenReadAsync())
        {
            await Get<IntakeFunction>().IntakePackage(manifest, "waited", default);
        }

        var (code, output) = await put;

        Assert.True(code == 0, output);
        Assert.Contains("Registered: package waited is in incoming-processed.", output);
    }
}
