using Azure.Storage.Blobs;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Intake;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Intake;

public sealed class IntakeFunctionTests : PortalHarness
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    private BlobContainerClient Container(string name) => Get<BlobServiceClient>().GetBlobContainerClient(name);

    private async Task DropAsync(string packageId, object manifest, params (string Name, byte[] Bytes)[] files)
    {
        await Container(StorageNames.IncomingContainer).UploadBlobAsync($"{packageId}/manifest.json", BinaryData.FromBytes(Json(manifest)));
        foreach (var (name, bytes) in files)
        {
            await Container(StorageNames.IncomingContainer).UploadBlobAsync($"{packageId}/{name}", BinaryData.FromBytes(bytes));
        }
    }

    private async Task RunAsync(string packageId)
    {
        await using var manifest = await Container(StorageNames.IncomingContainer).GetBlobClient($"{packageId}/manifest.json").OpenReadAsync();
        await Get<IntakeFunction>().IntakePackage(manifest, packageId, default);
    }

    private static object Manifest(string reference = "AL USA 3/2021", string letterFile = "letter.pdf") => new
    {
        schemaVersion = 1,
        letterFile,
        communication = new { reference, addresseeId = "USA", subject = "From the case system", summary = "", mandates = new[] { "Special Rapporteur" }, sentOn = "2021-01-25" },
    };

    [Fact]
    public async Task Dropped_package_is_registered_and_moved_out_of_incoming()
    {
        await DropAsync("pkg-1", Manifest(), ("letter.pdf", Pdf()));

        await RunAsync("pkg-1");

        Assert.NotNull(await Get<ICommunicationRepository>().FindAsync("al-usa-3-2021", default));
        Assert.Empty(Container(StorageNames.IncomingContainer).GetBlobs().ToList());
        Assert.Equal(2, Container(StorageNames.IncomingProcessedContainer).GetBlobs().Count());
    }

    [Fact]
    public async Task Package_that_fails_validation_is_rejected_with_every_reason_and_registers_nothing()
    {
        var manifest = new { schemaVersion = 1, letterFile = "missing.pdf", communication = new { reference = "AL XYZ 1/2021", addresseeId = "USA", subject = "", mandates = Array.Empty<string>(), sentOn = "2021-01-25" } };
        await DropAsync("pkg-bad", manifest, ("letter.pdf", Pdf()));

        await RunAsync("pkg-bad");

        var rejected = Container(StorageNames.IncomingRejectedContainer).GetBlobs().Select(b => b.Name).ToList();
        var reasonsBlob = Assert.Single(rejected, n => n.EndsWith("REJECTED.txt"));
        var reasons = (await Container(StorageNames.IncomingRejectedContainer).GetBlobClient(reasonsBlob).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("missing.pdf", reasons);
        Assert.Contains(rejected, n => n.EndsWith("manifest.json"));
        Assert.Empty(Container(StorageNames.IncomingContainer).GetBlobs().ToList());
        Assert.Equal(4, (await Get<ICommunicationRepository>().ListAllAsync(default)).Count);
    }

    [Fact]
    public async Task Invalid_manifest_fields_are_all_listed()
    {
        var manifest = new { schemaVersion = 1, letterFile = "letter.pdf", communication = new { reference = "AL XYZ 1/2021", addresseeId = "USA", subject = "", mandates = Array.Empty<string>(), sentOn = "2021-01-25" } };
        await DropAsync("pkg-fields", manifest, ("letter.pdf", Pdf()));

        await RunAsync("pkg-fields");

        var reasonsBlob = Container(StorageNames.IncomingRejectedContainer).GetBlobs().Single(b => b.Name.EndsWith("REJECTED.txt")).Name;
        var reasons = (await Container(StorageNames.IncomingRejectedContainer).GetBlobClient(reasonsBlob).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("reference:", reasons);
        Assert.Contains("subject:", reasons);
        Assert.Contains("mandates:", reasons);
    }

    /// <summary>Issue 15: a missing file and an unknown field were reported one at a time, a round trip each.</summary>
    [Fact]
    public async Task A_missing_file_unknown_fields_and_invalid_values_are_all_listed_at_once()
    {
        var manifest = new
        {
            schemaVersion = 1,
            letterFile = "missing.pdf",
            priority = "high",
            communication = new { reference = "AL XYZ 1/2021", addresseeId = "USA", subject = "S", mandates = new[] { "M" }, sentOn = "2021-01-25", sentBy = "desk" },
        };
        await DropAsync("pkg-all", manifest, ("letter.pdf", Pdf()));

        await RunAsync("pkg-all");

        var reasonsBlob = Container(StorageNames.IncomingRejectedContainer).GetBlobs().Single(b => b.Name.EndsWith("REJECTED.txt")).Name;
        var reasons = (await Container(StorageNames.IncomingRejectedContainer).GetBlobClient(reasonsBlob).DownloadContentAsync()).Value.Content.ToString()
            .Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("- priority: this field is not part of the manifest", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("- communication.sentBy: this field is not part of the manifest", StringComparison.Ordinal));
        Assert.Contains("- letterFile: the package has no file \"missing.pdf\".", reasons);
        Assert.Contains(reasons, r => r.StartsWith("- reference:", StringComparison.Ordinal));
        Assert.Equal(4, (await Get<ICommunicationRepository>().ListAllAsync(default)).Count);
    }

    [Fact]
    public async Task Same_package_dropped_twice_registers_once()
    {
        await DropAsync("pkg-twice", Manifest(), ("letter.pdf", Pdf("same")));
        await RunAsync("pkg-twice");
        await DropAsync("pkg-twice", Manifest(), ("letter.pdf", Pdf("same")));

        await RunAsync("pkg-twice");

        Assert.Equal(5, (await Get<ICommunicationRepository>().ListAllAsync(default)).Count);
        Assert.Empty(Container(StorageNames.IncomingRejectedContainer).GetBlobs().ToList());
        Assert.Empty(Container(StorageNames.IncomingContainer).GetBlobs().ToList());
    }

    [Fact]
    public async Task Different_letter_under_an_existing_reference_is_rejected()
    {
        await DropAsync("pkg-a", Manifest(), ("letter.pdf", Pdf("first")));
        await RunAsync("pkg-a");
        await DropAsync("pkg-b", Manifest(), ("letter.pdf", Pdf("second")));

        await RunAsync("pkg-b");

        Assert.Contains(Container(StorageNames.IncomingRejectedContainer).GetBlobs(), b => b.Name.StartsWith("pkg-b/") && b.Name.EndsWith("REJECTED.txt"));
    }

    [Fact]
    public async Task Manifest_that_is_not_json_is_rejected()
    {
        await Container(StorageNames.IncomingContainer).UploadBlobAsync("pkg-junk/manifest.json", BinaryData.FromString("{not json"));

        await RunAsync("pkg-junk");

        Assert.Contains(Container(StorageNames.IncomingRejectedContainer).GetBlobs(), b => b.Name.EndsWith("REJECTED.txt"));
    }

    public static TheoryData<string, string> BadPackages => new()
    {
        { "subject-nul", "U+0000" },
        { "file-name-override", "U+202E" },
        { "window-days-as-string", "not valid JSON" },
        { "invalid-utf8", "not valid UTF-8" },
        { "truncated-pdf", "%%EOF" },
        { "sent-on-year-one", "outside the dates" },
    };

    /// <summary>Intake applies the API's rules (docs/intake.md): what the API refuses is never stored from a package either.</summary>
    [Theory]
    [MemberData(nameof(BadPackages))]
    public async Task A_package_the_API_would_refuse_is_rejected_with_the_reason_and_registers_nothing(string caseName, string reason)
    {
        var communication = "{\"reference\":\"AL USA 3/2021\",\"addresseeId\":\"USA\",\"subject\":\"S\",\"mandates\":[\"M\"],\"sentOn\":\"2021-01-25\"";
        var (manifest, letterName, letter) = caseName switch
        {
            "subject-nul" => (Text("{\"schemaVersion\":1,\"letterFile\":\"l.pdf\",\"communication\":" + communication.Replace("\"S\"", "\"Poisoned\\u0000subject\"") + "}}"), "l.pdf", Pdf()),
            "file-name-override" => (Text("{\"schemaVersion\":1,\"letterFile\":\"reply\u202Etxt.pdf\",\"communication\":" + communication + "}}"), "reply\u202Etxt.pdf", Pdf()),
            "window-days-as-string" => (Text("{\"schemaVersion\":1,\"letterFile\":\"l.pdf\",\"communication\":" + communication + ",\"replyWindowDays\":\"60\"}}"), "l.pdf", Pdf()),
            "invalid-utf8" => ([.. Text("{\"schemaVersion\":1,\"letterFile\":\"l.pdf\",\"communication\":" + communication.Replace("\"S\"", "\"S")), 0xC3, 0x28, .. Text("\"}}")], "l.pdf", Pdf()),
            "truncated-pdf" => (Text("{\"schemaVersion\":1,\"letterFile\":\"l.pdf\",\"communication\":" + communication + "}}"), "l.pdf", Pdf()[..40]),
            "sent-on-year-one" => (Text("{\"schemaVersion\":1,\"letterFile\":\"l.pdf\",\"communication\":" + communication.Replace("2021-01-25", "0001-01-01") + "}}"), "l.pdf", Pdf()),
            _ => throw new ArgumentOutOfRangeException(nameof(caseName)),
        };
        await Container(StorageNames.IncomingContainer).UploadBlobAsync("pkg-bad/manifest.json", BinaryData.FromBytes(manifest));
        await Container(StorageNames.IncomingContainer).UploadBlobAsync($"pkg-bad/{letterName}", BinaryData.FromBytes(letter));

        await RunAsync("pkg-bad");

        var reasonsBlob = Container(StorageNames.IncomingRejectedContainer).GetBlobs().Single(b => b.Name.EndsWith("REJECTED.txt")).Name;
        var reasons = (await Container(StorageNames.IncomingRejectedContainer).GetBlobClient(reasonsBlob).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains(reason, reasons);
        Assert.Equal(4, (await Get<ICommunicationRepository>().ListAllAsync(default)).Count);
        Assert.Empty(Container(StorageNames.LettersContainer).GetBlobs().Where(b => b.Name.StartsWith("al-usa-3-2021/")).ToList());
    }
}
