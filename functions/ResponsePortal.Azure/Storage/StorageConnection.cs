using Microsoft.Extensions.Configuration;

namespace ResponsePortal.Azure.Storage;

/// <summary>
/// The identity-based form of the <c>AzureWebJobsStorage</c> connection, as the Functions host reads it:
/// <c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, and
/// <c>__credential=managedidentity</c> with <c>__clientId</c> for a user-assigned identity (empty: DefaultAzureCredential).
/// <c>__accountName</c> with <c>__accountKey</c> signs with the shared key instead: Azurite only, since the account in
/// Azure refuses shared keys; it lets a test run the identity-shaped composition over Azurite's plain HTTP, where
/// the Azure SDK will not send a bearer token.
/// </summary>
public sealed record StorageConnection(Uri BlobServiceUri, Uri QueueServiceUri, Uri TableServiceUri, string? ManagedIdentityClientId, StorageConnection.Key? SharedKey)
{
    public const string Name = "AzureWebJobsStorage";

    public sealed record Key(string AccountName, string AccountKey);

    public static StorageConnection From(IConfigurationSection section)
    {
        var missing = new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri" }.Where(name => string.IsNullOrEmpty(section[name])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {Name} (a connection string), or {string.Join(", ", missing.Select(m => $"{Name}__{m}"))} " +
                "with a managed identity (the storage account's primaryEndpoints; infra/main.bicep sets them).");
        }
        var accountKey = section["accountKey"];
        return new StorageConnection(
            Endpoint(section, "blobServiceUri"), Endpoint(section, "queueServiceUri"), Endpoint(section, "tableServiceUri"),
            section["clientId"],
            string.IsNullOrEmpty(accountKey) ? null : new Key(section["accountName"] ?? throw new InvalidOperationException($"{Name}__accountKey needs {Name}__accountName."), accountKey));
    }

    private static Uri Endpoint(IConfigurationSection section, string name)
        => Uri.TryCreate(section[name], UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"{Name}__{name} is not an absolute http(s) URI: '{section[name]}'.");
}
