using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ResponsePortal.Replies;

/// <summary>
/// An upload in progress, as storage records it (ADR 0103). It holds a short lease that the receiving host renews
/// while the body streams; once the lease has run out nobody is receiving it any more, so a retry with the same
/// Idempotency-Key may take over and the janitor may finish what it left behind.
/// </summary>
public sealed record UploadInProgress(string ReplyId, string Slug, string AddresseeId, string SubmittedBy, string? IdempotencyKey, DateTimeOffset StartedAt, DateTimeOffset LeaseUntil)
{
    /// <summary>How long a lease lasts without renewal: a retry after a crash waits at most this long.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>Renewed four times per lease, so three renewals may be late or fail (a slow storage call) before the lease is lost.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(15);

    /// <summary>After a failed renewal the next try comes sooner than <see cref="RenewEvery"/>.</summary>
    public static readonly TimeSpan RetryRenewalAfter = TimeSpan.FromSeconds(2);

    public bool IsLeasedAt(DateTimeOffset now) => now < LeaseUntil;

    public UploadInProgress RenewedAt(DateTimeOffset now) => this with { LeaseUntil = now + LeaseDuration };

    public static UploadInProgress Start(string replyId, string slug, string addresseeId, string submittedBy, string? idempotencyKey, DateTimeOffset now)
        => new(replyId, slug, addresseeId, submittedBy, idempotencyKey, now, now + LeaseDuration);
}

/// <summary>
/// What makes two requests "the same request" for an Idempotency-Key (draft-ietf-httpapi-idempotency-key-header):
/// the reply's fields and, in order, each file's name, size and SHA-256. Computed from what a reply stores, so the
/// fingerprint of a stored reply is derived from the reply itself and never kept twice.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(string? note, string? language, string? confidentialityCategory, string? confidentialityReason, IEnumerable<(string FileName, long Size, string Sha256)> files)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            note,
            language,
            confidentialityCategory,
            confidentialityReason,
            files = files.Select(f => new object[] { f.FileName, f.Size, f.Sha256.ToLowerInvariant() }).ToList(),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Of(Reply reply)
        => Of(reply.Note, reply.Language, reply.Confidentiality?.ReasonCategory, reply.Confidentiality?.Reason, reply.Files.Select(f => (f.FileName, f.Size, f.Sha256)));
}
