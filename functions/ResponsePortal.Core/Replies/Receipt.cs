using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ResponsePortal.Replies;

/// <summary>One file as the receipt lists it.</summary>
public sealed record ReceiptFile(string Name, long Size, string Type, string Sha256);

/// <summary>What a receipt attests. Instants are text (ISO 8601) so the signed bytes never depend on a serializer.</summary>
public sealed record ReceiptPayload(
    int Version,
    string ReceiptId,
    string ReplyId,
    string CommunicationReference,
    string CommunicationSlug,
    string AddresseeId,
    string AddresseeName,
    string SubmittedBy,
    string ReceivedAtUtc,
    string ReceivedAtGeneva,
    string WindowClosesAtUtc,
    bool OnTime,
    int DaysLate,
    IReadOnlyList<ReceiptFile> Files,
    string? ConfidentialityRequested)
{
    public const int CurrentVersion = 1;
}

public sealed record ReceiptSignature(string Algorithm, string KeyId, string Value);

/// <summary>
/// A receipt and its signature: ECDSA P-256 with SHA-256 (IEEE P1363 r||s, base64) over the canonical JSON of
/// <see cref="Receipt"/> (see <see cref="CanonicalJson"/>), so anyone with the public key can check it offline.
/// </summary>
public sealed record SignedReceipt(ReceiptPayload Receipt, ReceiptSignature Signature)
{
    public const string Algorithm = "ES256";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SignedReceipt FromJson(string json)
        => JsonSerializer.Deserialize<SignedReceipt>(json, Json) ?? throw new JsonException("The receipt is empty.");
}

/// <summary>
/// The bytes a receipt signature covers: the JSON value with object members sorted by name (ordinal), no
/// whitespace, strings escaped the same way every time. Formatting of the receipt file does not matter; every
/// value does.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Bytes(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }
        return buffer.ToArray();
    }

    public static byte[] Bytes<T>(T value) => Bytes(JsonSerializer.SerializeToNode(value, SignedReceipt.Json));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        writer.WriteStringValue(node.GetValue<string>());
                        break;
                    case JsonValueKind.Number when node.AsValue().TryGetValue<long>(out var integer):
                        writer.WriteNumberValue(integer);
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        writer.WriteBooleanValue(node.GetValue<bool>());
                        break;
                    default:
                        throw new JsonException("Receipts carry strings, integers, booleans, arrays and objects only.");
                }
                break;
        }
    }
}

/// <summary>Signs receipts with the portal's private key and publishes the matching public key.</summary>
public sealed class ReceiptSigner : IDisposable
{
    private readonly ECDsa _key;

    public ReceiptSigner(string pkcs8Pem)
    {
        _key = ECDsa.Create();
        try
        {
            _key.ImportFromPem(pkcs8Pem);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("Receipts:SigningKeyPem is not a PEM private key.", ex);
        }
        if (_key.KeySize != 256)
        {
            throw new InvalidOperationException("Receipts:SigningKeyPem must be an ECDSA P-256 key.");
        }
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        KeyId = ReceiptVerifier.KeyIdOf(_key);
    }

    public string PublicKeyPem { get; }
    public string KeyId { get; }

    public SignedReceipt Sign(ReceiptPayload payload)
    {
        var signature = _key.SignData(CanonicalJson.Bytes(payload), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedReceipt(payload, new ReceiptSignature(SignedReceipt.Algorithm, KeyId, Convert.ToBase64String(signature)));
    }

    /// <summary>
    /// Signs another statement of the portal (the head of the publication log, ADR 0304). The caller puts a type
    /// marker in the signed bytes, so the signature cannot pass for a receipt's.
    /// </summary>
    public byte[] SignBytes(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();

    /// <summary>A fresh key for local use (the DevHost keeps it in its data folder; tests make their own).</summary>
    public static string NewKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}

public sealed record ReceiptCheck(bool Valid, string Explanation);

/// <summary>Checks a receipt file against a public key, offline.</summary>
public static class ReceiptVerifier
{
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public static ReceiptCheck Verify(string receiptJson, string publicKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(receiptJson);
        }
        catch (JsonException ex)
        {
            return new ReceiptCheck(false, "The receipt is not valid JSON: " + ex.Message);
        }
        if (document?["receipt"] is not JsonObject receipt || document["signature"] is not JsonObject signature)
        {
            return new ReceiptCheck(false, "The file has no \"receipt\" and \"signature\" members.");
        }
        if (signature["algorithm"]?.GetValue<string>() != SignedReceipt.Algorithm)
        {
            return new ReceiptCheck(false, $"The signature algorithm is not {SignedReceipt.Algorithm}.");
        }
        byte[] value;
        var encoded = signature["value"]?.GetValue<string>() ?? "";
        try
        {
            value = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return new ReceiptCheck(false, "The signature value is not base64.");
        }
        // Base64 leaves a few bits of the last character unused; only the canonical text of the signature is
        // accepted, so that no character of a receipt can change without breaking its verification.
        if (Convert.ToBase64String(value) != encoded)
        {
            return new ReceiptCheck(false, "The signature value is not canonical base64.");
        }
        byte[] signed;
        try
        {
            signed = CanonicalJson.Bytes(receipt);
        }
        catch (JsonException ex)
        {
            return new ReceiptCheck(false, "The receipt cannot be canonicalised: " + ex.Message);
        }
        var keyId = KeyIdOf(key);
        if (!key.VerifyData(signed, value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return new ReceiptCheck(false, signature["keyId"]?.GetValue<string>() == keyId
                ? "The signature does not match: the receipt was changed after it was signed."
                : $"The signature does not match this public key (key {keyId}; the receipt names key {signature["keyId"]}).");
        }
        return new ReceiptCheck(true, $"Valid: signed by key {keyId}. Receipt {receipt["receiptId"]} for {receipt["communicationReference"]}, received {receipt["receivedAtUtc"]}.");
    }

    /// <summary>A receipt file's UTF-8 text.</summary>
    public static string Read(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
