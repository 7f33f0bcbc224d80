using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ResponsePortal.Common;
using ResponsePortal.Communications;

namespace ResponsePortal.Intake;

/// <summary>
/// The manifest of a package dropped into the <c>incoming</c> container by another system:
/// <c>incoming/{packageId}/manifest.json</c> next to the letter file it names.
/// </summary>
public sealed class IntakeManifest
{
    public int SchemaVersion { get; set; } = 1;
    public CommunicationDraft? Communication { get; set; }
    public string? LetterFile { get; set; }
    public string? PublicVersionFile { get; set; }
}

/// <summary>Where intake packages wait, and where they go once handled.</summary>
public interface IIntakePackages
{
    Task<FileUpload?> OpenFileAsync(string packageId, string fileName, CancellationToken cancellationToken);

    /// <summary>Moves the package to the rejected container with a file stating every reason.</summary>
    Task RejectAsync(string packageId, IReadOnlyList<string> reasons, CancellationToken cancellationToken);

    /// <summary>Moves the package out of the way once its communication is registered.</summary>
    Task CompleteAsync(string packageId, CancellationToken cancellationToken);
}

public enum IntakeResult
{
    Registered,
    AlreadyRegistered,
    Rejected,
}

/// <summary>Registers a dropped package exactly as the API would; a package seen twice registers once.</summary>
public sealed class IntakeProcessor(IIntakePackages packages, CommunicationRegistration registration, ICommunicationRepository communications, ILogger<IntakeProcessor> logger)
{
    /// <summary>The API's JSON rules (docs/validation.md): no unknown or repeated fields, numbers as numbers.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The same rules but unknown fields are passed over, so they are listed beside every other reason instead of alone.</summary>
    private static readonly JsonSerializerOptions Lenient = new(Json) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    public const int MaxManifestBytes = 1024 * 1024;

    public async Task<IntakeResult> ProcessAsync(string packageId, Stream manifestContent, CancellationToken cancellationToken)
    {
        var bytes = new MemoryStream();
        try
        {
            await new Replies.LimitedStream(manifestContent, MaxManifestBytes).CopyToAsync(bytes, cancellationToken);
        }
        catch (Replies.UploadLimitExceededException)
        {
            return await RejectAsync(packageId, [$"manifest.json is larger than {MaxManifestBytes:N0} bytes."], cancellationToken);
        }
        if (StrictUtf8.Refusal(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), "manifest.json") is { } encoding)
        {
            return await RejectAsync(packageId, [encoding], cancellationToken);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            // Nothing further can be read from a manifest that is not JSON.
            return await RejectAsync(packageId, [$"manifest.json is not valid JSON for an intake manifest: {ex.Message}"], cancellationToken);
        }
        using var parsed = document;

        // Every reason is collected before the package is refused: the sender fixes them all in one go.
        var reasons = UnknownFields(document.RootElement);
        IntakeManifest? manifest = null;
        var readable = true;
        try
        {
            manifest = document.RootElement.Deserialize<IntakeManifest>(Lenient);
        }
        catch (JsonException ex)
        {
            readable = false;
            reasons.Add($"manifest.json is not valid JSON for an intake manifest: {ex.Message}");
        }
        if (readable && manifest?.Communication is null)
        {
            reasons.Add("manifest.json has no \"communication\" object.");
        }
        if (manifest is not null && manifest.SchemaVersion != 1)
        {
            reasons.Add($"schemaVersion {manifest.SchemaVersion} is not supported; use 1.");
        }

        var letter = await OpenAsync(packageId, manifest?.LetterFile ?? StringField(document.RootElement, "letterFile"), "letterFile", required: true, reasons, cancellationToken);
        var publicVersion = await OpenAsync(packageId, manifest?.PublicVersionFile ?? StringField(document.RootElement, "publicVersionFile"), "publicVersionFile", required: false, reasons, cancellationToken);
        await using var letterStream = letter?.Content;
        await using var publicStream = publicVersion?.Content;
        if (reasons.Count > 0)
        {
            if (manifest?.Communication is { } draft)
            {
                reasons.AddRange(await registration.ListMistakesAsync(draft, letter, publicVersion, cancellationToken));
            }
            return await RejectAsync(packageId, reasons, cancellationToken);
        }
        // No reason means the manifest was read and names its communication and letter.
        var communication = manifest!.Communication!;
        if (Reference.TryParse(communication.Reference, out var reference, out _)
            && await communications.FindAsync(reference.Slug, cancellationToken) is { } existing)
        {
            if (await Sha256Async(packageId, manifest.LetterFile!, cancellationToken) == existing.Letter.Sha256)
            {
                logger.LogInformation("Intake package {PackageId} repeats {Reference}, already registered", packageId, reference.ToString());
                await packages.CompleteAsync(packageId, cancellationToken);
                return IntakeResult.AlreadyRegistered;
            }
        }

        var outcome = await registration.RegisterAsync(Caller.System("intake"), communication, letter, publicVersion, cancellationToken);
        if (!outcome.Succeeded)
        {
            var problem = outcome.Problem!;
            var messages = problem.Errors is { Count: > 0 } errors
                ? errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToList()
                : [problem.Detail];
            return await RejectAsync(packageId, messages, cancellationToken);
        }
        await packages.CompleteAsync(packageId, cancellationToken);
        logger.LogInformation("Intake package {PackageId} registered {Reference}", packageId, outcome.Value!.Reference.ToString());
        return IntakeResult.Registered;
    }

    /// <summary>Fields of the manifest and of its communication that the schema does not know, each named.</summary>
    private static List<string> UnknownFields(JsonElement root)
    {
        var reasons = new List<string>();
        void Check(JsonElement element, Type type, string prefix)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var known = Json.GetTypeInfo(type).Properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                reasons.Add($"{prefix}{TextRules.Shown(property.Name)}: this field is not part of the manifest (schema version 1); check its spelling.");
            }
        }
        Check(root, typeof(IntakeManifest), "");
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("communication", out var communication))
        {
            Check(communication, typeof(CommunicationDraft), "communication.");
        }
        return reasons;
    }

    private static string? StringField(JsonElement root, string name)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<FileUpload?> OpenAsync(string packageId, string? fileName, string field, bool required, List<string> reasons, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            if (required)
            {
                reasons.Add($"{field}: name the letter's file in the manifest.");
            }
            return null;
        }
        if (FileNameRules.Refusal(fileName) is { } refusal)
        {
            reasons.Add($"{field}: {refusal}");
            return null;
        }
        if (!StorageIds.CanBeKey(fileName) || fileName == "manifest.json")
        {
            reasons.Add($"{field}: \"{TextRules.Shown(fileName)}\" must be a plain file name next to manifest.json.");
            return null;
        }
        var file = await packages.OpenFileAsync(packageId, fileName, cancellationToken);
        if (file is null)
        {
            reasons.Add($"{field}: the package has no file \"{fileName}\".");
        }
        return file;
    }

    private async Task<string?> Sha256Async(string packageId, string fileName, CancellationToken cancellationToken)
    {
        var file = await packages.OpenFileAsync(packageId, fileName, cancellationToken);
        if (file is null)
        {
            return null;
        }
        await using var content = file.Content;
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }

    private async Task<IntakeResult> RejectAsync(string packageId, IReadOnlyList<string> reasons, CancellationToken cancellationToken)
    {
        logger.LogWarning("Intake package {PackageId} rejected: {Reasons}", packageId, string.Join("; ", reasons));
        await packages.RejectAsync(packageId, reasons, cancellationToken);
        return IntakeResult.Rejected;
    }
}
