using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

/// <summary>
/// What one publication did to the site (<c>log/manifests/{sequence}.json</c>): every file it wrote with the
/// SHA-256 of its bytes, and every file it removed. Its own SHA-256 is in the log entry, so the chain commits to
/// every byte the publication served.
/// </summary>
public sealed record PublicationManifest(IReadOnlyList<PublicationLogFile> Written, IReadOnlyList<string> Removed)
{
    public const string Directory = "log/manifests/";

    public static string PathOf(long sequence) => $"log/manifests/{sequence.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary>
    /// The bytes <see cref="JsonSerializer"/> writes for this record with <see cref="SiteBuilder.Json"/>, written
    /// straight with a <see cref="Utf8JsonWriter"/> of the same encoder: a full build's manifest lists every file of
    /// the site (137,000 at 20,000 communications, 17.5 MB), and the serializer took 0.42 s over it on one core at the
    /// end of the build, with the rest of the machine idle (issue 13). A test holds the two to the same bytes.
    /// </summary>
    public byte[] ToBytes()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>(Written.Count * 128 + Removed.Count * 64 + 64);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = SiteBuilder.Json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("written"u8);
            foreach (var file in Written)
            {
                writer.WriteStartObject();
                writer.WriteString("path"u8, file.Path);
                writer.WriteString("sha256"u8, file.Sha256);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("removed"u8);
            foreach (var path in Removed)
            {
                writer.WriteStringValue(path);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Both sets of changes; where a path is in both, <paramref name="later"/> decides.</summary>
    public PublicationManifest With(PublicationManifest later)
    {
        var touched = later.Written.Select(f => f.Path).Concat(later.Removed).ToHashSet(StringComparer.Ordinal);
        var laterWritten = later.Written.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return new PublicationManifest(
            Written.Where(f => !touched.Contains(f.Path)).Concat(later.Written).OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
            Removed.Where(p => !laterWritten.Contains(p)).Concat(later.Removed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    public static PublicationManifest? Parse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<PublicationManifest>(bytes, SiteBuilder.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The signed head of the log (<c>log/head.json</c>): the newest entry's sequence, hash and instant, and the
/// hashes of the log's own files as they stand (the newest log page and <c>log.json</c> name the head itself, so
/// no entry can commit to them; a full log page is committed by the entry that follows it).
/// </summary>
public sealed record PublicationHeadFile(
    string Type,
    long Sequence,
    string Hash,
    DateTimeOffset At,
    IReadOnlyList<PublicationLogFile> Files,
    string Algorithm,
    string KeyId,
    string Signature)
{
    public const string Path = "log/head.json";
    /// <summary>The public key that verifies the head (PEM, SubjectPublicKeyInfo).</summary>
    public const string KeyPath = "log/publication-key.pem";
    public const string CurrentType = "responseportal-publication-head/1";

    /// <summary>
    /// The text the signature covers (UTF-8): the type, sequence, hash, instant (UTC, 7 decimals) and each file as
    /// "path sha256" in ordinal path order, one per line. The type keeps a head signature from being read as
    /// anything else signed with the same key (a receipt).
    /// </summary>
    public static string SignedText(long sequence, string hash, DateTimeOffset at, IEnumerable<PublicationLogFile> files)
    {
        var text = new StringBuilder();
        text.Append(CurrentType).Append('\n').Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(hash).Append('\n')
            .Append(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(file.Path).Append(' ').Append(file.Sha256).Append('\n');
        }
        return text.ToString();
    }

    public static PublicationHeadFile Create(PublicationLogHead head, IReadOnlyList<PublicationLogFile> files, IPublicationSigner signer)
    {
        var at = head.At ?? DateTimeOffset.UnixEpoch;
        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var signature = signer.Sign(Encoding.UTF8.GetBytes(SignedText(head.Sequence, head.Hash, at, sorted)));
        return new PublicationHeadFile(CurrentType, head.Sequence, head.Hash, at, sorted, SignedReceipt.Algorithm, signer.KeyId, Convert.ToBase64String(signature));
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, SiteBuilder.Json);

    /// <summary>Strict: a head with a member renamed or missing is no head (it would otherwise read as entry 0).</summary>
    private static readonly JsonSerializerOptions Strict = new(SiteBuilder.Json)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        PropertyNameCaseInsensitive = false,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static PublicationHeadFile? Parse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<PublicationHeadFile>(bytes, Strict);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the signature matches this head under the given public key (ES256, P1363 encoding).</summary>
    public bool IsSignedBy(string publicKeyPem)
    {
        if (Type != CurrentType || Algorithm != SignedReceipt.Algorithm)
        {
            return false;
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (ArgumentException)
        {
            return false;
        }
        return key.VerifyData(Encoding.UTF8.GetBytes(SignedText(Sequence, Hash, At, Files)), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}

/// <summary>Signs the head of the publication log. See docs/adr/0304-publication-log-covers-every-file.md.</summary>
public interface IPublicationSigner
{
    string KeyId { get; }
    string PublicKeyPem { get; }
    byte[] Sign(byte[] data);
}

/// <summary>The portal's receipt key signs the head as well (ADR 0304): one key, one rotation, one public file.</summary>
public sealed class ReceiptKeyPublicationSigner(ReceiptSigner signer) : IPublicationSigner
{
    public string KeyId => signer.KeyId;
    public string PublicKeyPem => signer.PublicKeyPem;
    public byte[] Sign(byte[] data) => signer.SignBytes(data);
}
