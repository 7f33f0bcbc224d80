using System.Text.Json;
using System.Text.RegularExpressions;

namespace ResponsePortal.DevHost.Hosting;

/// <summary>
/// The portal pages' headers: the globalHeaders of web/staticwebapp.config.json, whose Content-Security-Policy names
/// the hosts a page may talk to by placeholders. The deploy writes the deployment's hosts in their place
/// (scripts/portal-config.mjs); the DevHost writes its own: the API on its own origin, no sign-in authority (demo
/// personas sign in on the same origin), and Azurite's blob endpoint for direct uploads.
/// </summary>
public static partial class PortalHeaders
{
    public const string ApiOrigin = "__API_ORIGIN__";
    public const string SignInOrigin = "__SIGN_IN_ORIGIN__";
    public const string BlobOrigin = "__BLOB_ORIGIN__";

    /// <summary>Reads the globalHeaders of a staticwebapp.config.json and puts the given origins (or nothing, when null) in the placeholders.</summary>
    public static IReadOnlyDictionary<string, string> Load(string configPath, string apiOrigin, string? signInOrigin, string blobOrigin)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(configPath));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in config.RootElement.GetProperty("globalHeaders").EnumerateObject())
        {
            var value = header.Value.GetString() ?? "";
            value = value.Replace(ApiOrigin, apiOrigin, StringComparison.Ordinal)
                .Replace(SignInOrigin, signInOrigin ?? "", StringComparison.Ordinal)
                .Replace(BlobOrigin, blobOrigin, StringComparison.Ordinal);
            headers[header.Name] = Spaces().Replace(value, " ").Replace(" ;", ";", StringComparison.Ordinal);
        }
        return headers;
    }

    /// <summary>The origin (scheme, host, port) of a URL, as a CSP source expression.</summary>
    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
