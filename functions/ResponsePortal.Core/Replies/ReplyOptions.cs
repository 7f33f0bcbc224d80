using System.ComponentModel.DataAnnotations;

namespace ResponsePortal.Replies;

/// <summary>Limits on what one reply may carry; exceeding one is answered with 413.</summary>
public sealed class ReplyOptions
{
    public const string Section = "Replies";

    [Range(1, 10L * 1024 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    [Range(1, 1000)]
    public int MaxFiles { get; set; } = 20;

    [Range(1, 50L * 1024 * 1024 * 1024)]
    public long MaxReplyBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// The most one multipart request may carry. In Azure a request must end within 230 s (the front end's idle timeout):
    /// 100 MB takes 50 s at 2 MB/s and 200 s at 0.5 MB/s. Larger replies are sent with upload sessions (ADR 0104).
    /// </summary>
    [Range(1, 50L * 1024 * 1024 * 1024)]
    public long MaxStreamedReplyBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>What a multipart request may carry: the smaller of the reply limit and the streamed ceiling.</summary>
    public long StreamedCeiling => Math.Min(MaxReplyBytes, MaxStreamedReplyBytes);
}

/// <summary>The key receipts are signed with.</summary>
public sealed class ReceiptOptions
{
    public const string Section = "Receipts";

    /// <summary>PKCS#8 PEM of an ECDSA P-256 private key. In Azure a Key Vault reference; the DevHost makes one.</summary>
    [Required(ErrorMessage = "Receipts:SigningKeyPem is required: the PKCS#8 PEM of an ECDSA P-256 key (in Azure a Key Vault reference).")]
    public string SigningKeyPem { get; set; } = "";
}

/// <summary>Why an addressee asks that a reply not be published; the category is shown publicly when accepted.</summary>
public static class ConfidentialityCategories
{
    public static readonly IReadOnlyList<string> All =
    [
        "privacy-of-victims",
        "ongoing-investigation",
        "national-security",
        "commercial-confidentiality",
        "other",
    ];

    public static bool IsKnown(string? category) => category is not null && All.Contains(category, StringComparer.Ordinal);

    /// <summary>
    /// The categories in words, for the public site and the receipt (the portal's web/i18n files hold the same words;
    /// a test ties them). A code is what is stored and signed; people read the words.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new(StringComparer.Ordinal)
    {
        ["en"] = new(StringComparer.Ordinal)
        {
            ["privacy-of-victims"] = "Privacy of victims",
            ["ongoing-investigation"] = "Ongoing investigation",
            ["national-security"] = "National security",
            ["commercial-confidentiality"] = "Commercial confidentiality",
            ["other"] = "Other",
        },
        ["fr"] = new(StringComparer.Ordinal)
        {
            ["privacy-of-victims"] = "Vie privée des victimes",
            ["ongoing-investigation"] = "Enquête en cours",
            ["national-security"] = "Sécurité nationale",
            ["commercial-confidentiality"] = "Secret des affaires",
            ["other"] = "Autre",
        },
        ["es"] = new(StringComparer.Ordinal)
        {
            ["privacy-of-victims"] = "Privacidad de las víctimas",
            ["ongoing-investigation"] = "Investigación en curso",
            ["national-security"] = "Seguridad nacional",
            ["commercial-confidentiality"] = "Confidencialidad comercial",
            ["other"] = "Otro",
        },
    };

    /// <summary>A category in words in the language (English when the language is not one of the portal's); an unknown code as it is.</summary>
    public static string InWords(string category, string language)
        => (Words.TryGetValue(language, out var words) ? words : Words["en"]).GetValueOrDefault(category, category);
}

/// <summary>Audit event kinds of the replies feature.</summary>
public static class ReplyEvents
{
    public const string ReplyReceived = "reply-received";
    public const string ReceiptIssued = "receipt-issued";
    public const string ConfidentialityRequested = "confidentiality-requested";
    public const string ConfidentialityDecided = "confidentiality-decided";
    public const string ReplyFileDownloaded = "reply-file-downloaded";
}
