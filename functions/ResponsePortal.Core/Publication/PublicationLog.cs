using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ResponsePortal.Publication;

public sealed record PublicationLogFile(string Path, string Sha256);

/// <summary>One link of the append-only hash chain of everything ever published.</summary>
public sealed record PublicationLogEntry(long Sequence, DateTimeOffset At, string Slug, string Kind, IReadOnlyList<PublicationLogFile> Files, string PreviousHash, string Hash);

public sealed record PublicationLogHead(long Sequence, string Hash);

public static class PublicationLogKinds
{
    public const string Publication = "publication";
    public const string LateReply = "late-reply";
    public const string Republication = "republication";
    public const string ConfidentialityPlaceholder = "confidentiality-placeholder";
}

/// <summary>
/// The chain's arithmetic. An entry's hash is SHA-256 over a canonical text: sequence, instant, slug, kind,
/// every file as "path sha256" in path order, and the previous entry's hash (64 zeros before the first entry).
/// docs/publication.md spells it out so anyone can verify without our code.
/// </summary>
public static class PublicationLogChain
{
    public static readonly PublicationLogHead Genesis = new(0, new string('0', 64));

    public static string CanonicalText(long sequence, DateTimeOffset at, string slug, string kind, IEnumerable<PublicationLogFile> files, string previousHash)
    {
        var text = new StringBuilder();
        text.Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)).Append('\n');
        text.Append(slug).Append('\n').Append(kind).Append('\n');
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(file.Path).Append(' ').Append(file.Sha256).Append('\n');
        }
        text.Append(previousHash);
        return text.ToString();
    }

    public static string Hash(long sequence, DateTimeOffset at, string slug, string kind, IEnumerable<PublicationLogFile> files, string previousHash)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(sequence, at, slug, kind, files, previousHash))));

    public static PublicationLogEntry Next(PublicationLogHead head, DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files)
    {
        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var sequence = head.Sequence + 1;
        return new PublicationLogEntry(sequence, at, slug, kind, sorted, head.Hash, Hash(sequence, at, slug, kind, sorted, head.Hash));
    }

    public static bool IsIntact(PublicationLogEntry entry) => entry.Hash == Hash(entry.Sequence, entry.At, entry.Slug, entry.Kind, entry.Files, entry.PreviousHash);
}

/// <summary>Append-only storage of the publication log. There is no update and no delete.</summary>
public interface IPublicationLog
{
    /// <summary>Appends the next entry after the current head; safe against concurrent appenders.</summary>
    Task<PublicationLogEntry> AppendAsync(DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, CancellationToken cancellationToken);

    Task<PublicationLogHead> HeadAsync(CancellationToken cancellationToken);

    /// <summary>Entries with sequence in [from, to], in order.</summary>
    Task<IReadOnlyList<PublicationLogEntry>> ListAsync(long from, long to, CancellationToken cancellationToken);
}

/// <summary>The log kept in memory: for synthetic archives and benchmarks.</summary>
public sealed class InMemoryPublicationLog : IPublicationLog
{
    private readonly List<PublicationLogEntry> _entries = [];
    private readonly Lock _gate = new();

    public Task<PublicationLogEntry> AppendAsync(DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var head = _entries.Count == 0 ? PublicationLogChain.Genesis : new PublicationLogHead(_entries[^1].Sequence, _entries[^1].Hash);
            var entry = PublicationLogChain.Next(head, at, slug, kind, files);
            _entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    public Task<PublicationLogHead> HeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.Count == 0 ? PublicationLogChain.Genesis : new PublicationLogHead(_entries[^1].Sequence, _entries[^1].Hash));
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

public sealed record LogVerification(bool Intact, long Entries, int FilesChecked, string? FirstMismatch);

/// <summary>Walks the whole chain, then checks every published file against the latest entry that names it.</summary>
public sealed class PublicationLogVerifier(IPublicationLog log, ISiteOutput site)
{
    public const int BatchSize = 1000;

    public async Task<LogVerification> VerifyAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var head = await log.HeadAsync(cancellationToken);
        var latest = new Dictionary<string, (string Sha256, long Sequence)>(StringComparer.Ordinal);
        var previous = PublicationLogChain.Genesis.Hash;
        long expected = 1;
        for (long from = 1; from <= head.Sequence; from += BatchSize)
        {
            foreach (var entry in await log.ListAsync(from, from + BatchSize - 1, cancellationToken))
            {
                if (entry.Sequence != expected)
                {
                    return new LogVerification(false, expected - 1, 0, $"Entry {expected} is missing (found {entry.Sequence} instead).");
                }
                if (entry.PreviousHash != previous)
                {
                    return new LogVerification(false, expected - 1, 0, $"Entry {entry.Sequence} does not link to entry {entry.Sequence - 1}: previous hash {entry.PreviousHash}, expected {previous}.");
                }
                if (!PublicationLogChain.IsIntact(entry))
                {
                    return new LogVerification(false, expected - 1, 0, $"Entry {entry.Sequence} was changed: its content does not hash to {entry.Hash}.");
                }
                foreach (var file in entry.Files)
                {
                    latest[file.Path] = (file.Sha256, entry.Sequence);
                }
                previous = entry.Hash;
                expected++;
            }
            progress?.Report($"chain: {Math.Min(from + BatchSize - 1, head.Sequence)}/{head.Sequence} entries verified");
        }
        if (expected - 1 != head.Sequence || previous != head.Hash)
        {
            return new LogVerification(false, expected - 1, 0, $"The head (entry {head.Sequence}, {head.Hash}) does not match the last entry read ({expected - 1}, {previous}).");
        }

        int checkedFiles = 0;
        foreach (var (path, (sha256, sequence)) in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var bytes = await site.ReadAsync(path, cancellationToken);
            if (bytes is null)
            {
                return new LogVerification(false, head.Sequence, checkedFiles, $"{path} (logged in entry {sequence}) is missing from the site.");
            }
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != sha256)
            {
                return new LogVerification(false, head.Sequence, checkedFiles, $"{path} has SHA-256 {actual}, but entry {sequence} logged {sha256}.");
            }
            checkedFiles++;
            if (checkedFiles % 500 == 0)
            {
                progress?.Report($"files: {checkedFiles}/{latest.Count} verified");
            }
        }
        progress?.Report($"files: {checkedFiles}/{latest.Count} verified");
        return new LogVerification(true, head.Sequence, checkedFiles, null);
    }
}
