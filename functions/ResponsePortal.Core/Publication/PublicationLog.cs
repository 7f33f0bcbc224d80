using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ResponsePortal.Publication;

public sealed record PublicationLogFile(string Path, string Sha256);

/// <summary>
/// One link of the append-only hash chain of everything ever published. <see cref="Manifest"/> is the SHA-256 of
/// the entry's manifest (<c>log/manifests/{sequence}.json</c>): every file the publication wrote, with its hash,
/// and every file it removed. Entries written before manifests existed have none.
/// </summary>
public sealed record PublicationLogEntry(long Sequence, DateTimeOffset At, string Slug, string Kind, IReadOnlyList<PublicationLogFile> Files, string PreviousHash, string Hash, string? Manifest = null);

/// <summary>The newest entry: its sequence, hash and instant (null before the first entry).</summary>
public sealed record PublicationLogHead(long Sequence, string Hash, DateTimeOffset? At = null)
{
    public static PublicationLogHead Of(PublicationLogEntry entry) => new(entry.Sequence, entry.Hash, entry.At);
}

public static class PublicationLogKinds
{
    public const string Publication = "publication";
    public const string LateReply = "late-reply";
    public const string Republication = "republication";
    public const string ConfidentialityPlaceholder = "confidentiality-placeholder";
    /// <summary>The whole site rendered again (a template or language change, a repair); its slug is empty.</summary>
    public const string Rebuild = "rebuild";
    /// <summary>A version of a communications report to the Human Rights Council (docs/reports.md); its slug is empty.</summary>
    public const string Report = "report";

    /// <summary>Every kind an entry can have: the public log pages name each in every language.</summary>
    public static IReadOnlyList<string> All => [Publication, LateReply, Republication, ConfidentialityPlaceholder, Rebuild, Report];
}

/// <summary>
/// The chain's arithmetic. An entry's hash is SHA-256 over a canonical text: sequence, instant, slug, kind,
/// every file as "path sha256" in path order, and the previous entry's hash (64 zeros before the first entry).
/// docs/publication.md spells it out so anyone can verify without our code.
/// </summary>
public static class PublicationLogChain
{
    public static readonly PublicationLogHead Genesis = new(0, new string('0', 64));

    public static string CanonicalText(long sequence, DateTimeOffset at, string slug, string kind, IEnumerable<PublicationLogFile> files, string previousHash, string? manifest = null)
    {
        var text = new StringBuilder();
        text.Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)).Append('\n');
        text.Append(slug).Append('\n').Append(kind).Append('\n');
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(file.Path).Append(' ').Append(file.Sha256).Append('\n');
        }
        if (manifest is not null)
        {
            text.Append("manifest ").Append(manifest).Append('\n');
        }
        text.Append(previousHash);
        return text.ToString();
    }

    public static string Hash(long sequence, DateTimeOffset at, string slug, string kind, IEnumerable<PublicationLogFile> files, string previousHash, string? manifest = null)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(sequence, at, slug, kind, files, previousHash, manifest))));

    public static PublicationLogEntry Next(PublicationLogHead head, DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, string? manifest = null)
    {
        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var sequence = head.Sequence + 1;
        return new PublicationLogEntry(sequence, at, slug, kind, sorted, head.Hash, Hash(sequence, at, slug, kind, sorted, head.Hash, manifest), manifest);
    }

    public static bool IsIntact(PublicationLogEntry entry) => entry.Hash == Hash(entry.Sequence, entry.At, entry.Slug, entry.Kind, entry.Files, entry.PreviousHash, entry.Manifest);
}

/// <summary>Append-only storage of the publication log. There is no update and no delete.</summary>
public interface IPublicationLog
{
    /// <summary>Appends the next entry after the current head; safe against concurrent appenders.</summary>
    Task<PublicationLogEntry> AppendAsync(DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, CancellationToken cancellationToken, string? manifest = null);

    Task<PublicationLogHead> HeadAsync(CancellationToken cancellationToken);

    /// <summary>Entries with sequence in [from, to], in order.</summary>
    Task<IReadOnlyList<PublicationLogEntry>> ListAsync(long from, long to, CancellationToken cancellationToken);
}

/// <summary>The log kept in memory: for synthetic archives and benchmarks.</summary>
public sealed class InMemoryPublicationLog : IPublicationLog
{
    private readonly List<PublicationLogEntry> _entries = [];
    private readonly Lock _gate = new();

    public Task<PublicationLogEntry> AppendAsync(DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, CancellationToken cancellationToken, string? manifest = null)
    {
        lock (_gate)
        {
            var head = _entries.Count == 0 ? PublicationLogChain.Genesis : PublicationLogHead.Of(_entries[^1]);
            var entry = PublicationLogChain.Next(head, at, slug, kind, files, manifest);
            _entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    public Task<PublicationLogHead> HeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.Count == 0 ? PublicationLogChain.Genesis : PublicationLogHead.Of(_entries[^1]));
        }
    }

    public Task<IReadOnlyList<PublicationLogEntry>> ListAsync(long from, long to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Sequences are 1, 2, 3...: entry n sits at index n - 1, so a page costs its own size only.
            var start = (int)Math.Clamp(from - 1, 0, _entries.Count);
            var end = (int)Math.Clamp(to, start, _entries.Count);
            return Task.FromResult<IReadOnlyList<PublicationLogEntry>>(_entries.GetRange(start, end - start));
        }
    }
}

