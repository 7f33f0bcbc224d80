using System.Text.Json;

namespace ResponsePortal.Publication;

public sealed record LogVerification(bool Intact, long Entries, int FilesChecked, string? FirstMismatch, IReadOnlyList<string> Mismatches);

public sealed class VerifyOptions
{
    /// <summary>Check the chain from this entry on (its previous hash is the checkpoint) and the files entries from it committed.</summary>
    public long Since { get; init; } = 1;
    /// <summary>The public key to check the signed head with; without it, the key the site serves (say so to the reader).</summary>
    public string? PublicKeyPem { get; init; }
    /// <summary>List the site to find files that no entry commits to (storage can be listed; a web server cannot).</summary>
    public bool ListSite { get; init; } = true;
    /// <summary>How many mismatches to collect before stopping.</summary>
    public int MaxMismatches { get; init; } = 20;
    /// <summary>
    /// How many files are read at once. Over HTTP or from storage each read is a round trip, so reading one at a
    /// time leaves the verifier waiting on the network; results are still judged in path order.
    /// </summary>
    public int Parallelism { get; init; } = 16;
}

/// <summary>
/// Checks the whole chain, then every file of the site against the entry (through its manifest) or the signed head
/// that last committed it. Works on the storage (<see cref="ISiteOutput"/> over <c>$web</c> with the log table) and
/// on public files only (<see cref="SitePublicationLog"/> over an HTTP reader).
/// </summary>
public sealed class PublicationLogVerifier(IPublicationLog log, ISiteOutput site)
{
    public const int BatchSize = 1000;

    private sealed record Commitment(string Sha256, string By);

    public Task<LogVerification> VerifyAsync(IProgress<string>? progress, CancellationToken cancellationToken)
        => VerifyAsync(new VerifyOptions(), progress, cancellationToken);

    public async Task<LogVerification> VerifyAsync(VerifyOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var mismatches = new List<string>();
        LogVerification Result(long entries, int files) => new(mismatches.Count == 0, entries, files, mismatches.FirstOrDefault(), mismatches);
        bool Full() => mismatches.Count >= options.MaxMismatches;

        PublicationLogHead head;
        try
        {
            head = await log.HeadAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            mismatches.Add(ex.Message);
            return Result(0, 0);
        }
        var since = Math.Max(1, options.Since);
        var latest = new Dictionary<string, Commitment>(StringComparer.Ordinal);
        var removedBy = new Dictionary<string, long>(StringComparer.Ordinal);
        string? previous = since == 1 ? PublicationLogChain.Genesis.Hash : null;
        long expected = since;
        for (long from = since; from <= head.Sequence; from += BatchSize)
        {
            IReadOnlyList<PublicationLogEntry> batch;
            try
            {
                batch = await log.ListAsync(from, Math.Min(from + BatchSize - 1, head.Sequence), cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                mismatches.Add(ex.Message);
                return Result(expected - 1, 0);
            }
            var manifests = await ReadManifestsAsync(batch, options.Parallelism, cancellationToken);
            foreach (var entry in batch)
            {
                if (entry.Sequence != expected)
                {
                    mismatches.Add($"Entry {expected} is missing from the log (found {entry.Sequence} instead).");
                    return Result(expected - 1, 0);
                }
                // From a checkpoint, the first entry's previous hash is taken as given.
                if (previous is not null && entry.PreviousHash != previous)
                {
                    mismatches.Add($"Entry {entry.Sequence}{Where(entry.Sequence)} does not link to entry {entry.Sequence - 1}: previous hash {entry.PreviousHash}, expected {previous}.");
                    return Result(expected - 1, 0);
                }
                if (!PublicationLogChain.IsIntact(entry))
                {
                    mismatches.Add($"Entry {entry.Sequence}{Where(entry.Sequence)} was changed: its content does not hash to {entry.Hash}.");
                    return Result(expected - 1, 0);
                }
                Commit(entry, manifests.GetValueOrDefault(entry.Sequence), latest, removedBy, mismatches);
                if (Full())
                {
                    return Result(entry.Sequence, 0);
                }
                previous = entry.Hash;
                expected++;
            }
            progress?.Report($"chain: {Math.Min(from + BatchSize - 1, head.Sequence)}/{head.Sequence} entries verified");
        }
        if (expected - 1 != head.Sequence || (head.Sequence >= since && previous != head.Hash))
        {
            mismatches.Add($"The head (entry {head.Sequence}, {head.Hash}{(log is SitePublicationLog ? ", from " + PublicationHeadFile.Path : "")}) does not match the last entry read ({expected - 1}{Where(expected - 1)}, {previous}).");
            return Result(expected - 1, 0);
        }

        await CheckHeadAsync(head, options, latest, mismatches, cancellationToken);

        int checkedFiles = 0;
        var committed = latest.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        // Read a window of files at once, then judge them in path order, so the first mismatch reported is the
        // same however the reads interleave. Only hashes are kept, never the files.
        var window = Math.Max(1, options.Parallelism) * 64;
        for (int start = 0; start < committed.Length && !Full(); start += window)
        {
            var length = Math.Min(window, committed.Length - start);
            var actual = new string?[length];
            await System.Threading.Tasks.Parallel.ForAsync(0, length, ParallelReads(options.Parallelism, cancellationToken), async (i, token) =>
            {
                var bytes = await site.ReadAsync(committed[start + i].Key, token);
                actual[i] = bytes is null ? null : SiteBuilder.Sha256(bytes);
            });
            for (int i = 0; i < length && !Full(); i++)
            {
                var (path, commitment) = committed[start + i];
                if (actual[i] is null)
                {
                    mismatches.Add($"{path} (committed by {commitment.By}) is missing from the site.");
                }
                else if (actual[i] != commitment.Sha256)
                {
                    mismatches.Add($"{path} has SHA-256 {actual[i]}, but {commitment.By} committed {commitment.Sha256}.");
                }
                checkedFiles++;
            }
            progress?.Report($"files: {checkedFiles}/{latest.Count} verified");
        }

        if (options.ListSite && since == 1 && !Full())
        {
            await foreach (var path in site.ListAsync(cancellationToken))
            {
                if (!latest.ContainsKey(path) && path != PublicationHeadFile.Path && !IsUnusedManifestSlot(path, head.Sequence))
                {
                    mismatches.Add(removedBy.TryGetValue(path, out var by)
                        ? $"{path} is served, but entry {by} removed it."
                        : $"{path} is served, but no entry of the log commits to it.");
                    if (Full())
                    {
                        break;
                    }
                }
            }
        }
        return Result(head.Sequence, checkedFiles);
    }

    /// <summary>Where a reader finds an entry, when the log is read from the site's files.</summary>
    private string Where(long sequence) => log is SitePublicationLog site ? $" (in {site.PathOf(sequence)})" : "";

    /// <summary>
    /// The manifest of the next entry is written just before that entry is appended; a crash in between leaves it
    /// behind, and the next publication overwrites it. It commits to nothing, so it is not an extra file.
    /// </summary>
    private static bool IsUnusedManifestSlot(string path, long headSequence) => path == PublicationManifest.PathOf(headSequence + 1);

    private static ParallelOptions ParallelReads(int parallelism, CancellationToken cancellationToken)
        => new() { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

    /// <summary>The manifests a batch of entries names, read at once (a chain of 20,000 entries is 20,000 of them).</summary>
    private async Task<Dictionary<long, byte[]?>> ReadManifestsAsync(IReadOnlyList<PublicationLogEntry> batch, int parallelism, CancellationToken cancellationToken)
    {
        var withManifest = batch.Where(e => e.Manifest is not null).ToArray();
        var read = new byte[]?[withManifest.Length];
        await System.Threading.Tasks.Parallel.ForAsync(0, withManifest.Length, ParallelReads(parallelism, cancellationToken),
            async (i, token) => read[i] = await site.ReadAsync(PublicationManifest.PathOf(withManifest[i].Sequence), token));
        var manifests = new Dictionary<long, byte[]?>(withManifest.Length);
        for (int i = 0; i < withManifest.Length; i++)
        {
            manifests[withManifest[i].Sequence] = read[i];
        }
        return manifests;
    }

    private static void Commit(PublicationLogEntry entry, byte[]? bytes, Dictionary<string, Commitment> latest, Dictionary<string, long> removedBy, List<string> mismatches)
    {
        var by = $"entry {entry.Sequence}";
        if (entry.Manifest is null)
        {
            // Entries from before manifests name the documents and record.json only.
            foreach (var file in entry.Files)
            {
                latest[file.Path] = new Commitment(file.Sha256, by);
            }
            return;
        }
        var manifestPath = PublicationManifest.PathOf(entry.Sequence);
        latest[manifestPath] = new Commitment(entry.Manifest, by);
        if (bytes is null || SiteBuilder.Sha256(bytes) != entry.Manifest || PublicationManifest.Parse(bytes) is not { } manifest)
        {
            mismatches.Add(bytes is null
                ? $"{manifestPath} (committed by {by}) is missing from the site."
                : $"{manifestPath} has SHA-256 {SiteBuilder.Sha256(bytes)}, but {by} committed {entry.Manifest}.");
            return;
        }
        foreach (var file in manifest.Written)
        {
            latest[file.Path] = new Commitment(file.Sha256, by);
            removedBy.Remove(file.Path);
        }
        foreach (var path in manifest.Removed)
        {
            latest.Remove(path);
            removedBy[path] = entry.Sequence;
        }
    }

    private async Task CheckHeadAsync(PublicationLogHead head, VerifyOptions options, Dictionary<string, Commitment> latest, List<string> mismatches, CancellationToken cancellationToken)
    {
        if (head.Sequence == 0)
        {
            return;
        }
        var bytes = await site.ReadAsync(PublicationHeadFile.Path, cancellationToken);
        if (bytes is null || PublicationHeadFile.Parse(bytes) is not { } signed)
        {
            mismatches.Add($"{PublicationHeadFile.Path} (the signed head) is {(bytes is null ? "missing from the site" : "not a signed head")}.");
            return;
        }
        if (!signed.ToBytes().AsSpan().SequenceEqual(bytes))
        {
            // The signature covers what the head says, not how it is spelled: only its canonical bytes are accepted.
            mismatches.Add($"{PublicationHeadFile.Path} is not in its canonical form (its bytes were changed after it was signed).");
            return;
        }
                if (signed.Sequence != head.Sequence || signed.Hash != head.Hash)
        {
            mismatches.Add($"{PublicationHeadFile.Path} names entry {signed.Sequence} ({signed.Hash}), but the log's head is entry {head.Sequence} ({head.Hash}).");
            return;
        }
        var key = options.PublicKeyPem;
        if (key is null)
        {
            var served = await site.ReadAsync(PublicationHeadFile.KeyPath, cancellationToken);
            key = served is null ? "" : System.Text.Encoding.UTF8.GetString(served);
        }
        if (!signed.IsSignedBy(key))
        {
            mismatches.Add($"{PublicationHeadFile.Path}: the signature does not verify with {(options.PublicKeyPem is null ? PublicationHeadFile.KeyPath : "the key given")}.");
            return;
        }
        foreach (var file in signed.Files)
        {
            latest[file.Path] = new Commitment(file.Sha256, $"the signed head (entry {signed.Sequence})");
        }
    }
}

/// <summary>
/// The publication log as the public reads it: <c>log/head.json</c> for the head and <c>log/{n}.json</c> for the
/// entries, from any reader of the site's files (a folder, a mirror, HTTP). Read-only.
/// </summary>
public sealed class SitePublicationLog(ISiteOutput site) : IPublicationLog
{
    private int? _chunkSize;
    private (int Chunk, List<PublicationLogEntry> Entries)? _cached;

    public string PathOf(long sequence) => $"log/{(sequence - 1) / (_chunkSize ?? 100)}.json";

    public Task<PublicationLogEntry> AppendAsync(DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, CancellationToken cancellationToken, string? manifest = null)
        => throw new NotSupportedException("The published log is read-only.");

    public async Task<PublicationLogHead> HeadAsync(CancellationToken cancellationToken)
    {
        if (await site.ReadAsync(PublicationHeadFile.Path, cancellationToken) is { } bytes && PublicationHeadFile.Parse(bytes) is { } head)
        {
            return new PublicationLogHead(head.Sequence, head.Hash, head.At);
        }
        // A site without a valid signed head: log.json names it (the verifier then reports the head file).
        try
        {
            using var index = JsonDocument.Parse(await site.ReadAsync("log.json", cancellationToken) ?? throw new InvalidDataException($"Neither {PublicationHeadFile.Path} nor log.json is on the site."));
            var named = index.RootElement.GetProperty("head");
            return new PublicationLogHead(named.GetProperty("sequence").GetInt64(), named.GetProperty("hash").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{PublicationHeadFile.Path} is not a signed head, and log.json does not name one.", ex);
        }
    }

    public async Task<IReadOnlyList<PublicationLogEntry>> ListAsync(long from, long to, CancellationToken cancellationToken)
    {
        var size = await ChunkSizeAsync(cancellationToken);
        var entries = new List<PublicationLogEntry>();
        for (var chunk = (int)((from - 1) / size); chunk <= (int)((to - 1) / size); chunk++)
        {
            if (_cached?.Chunk != chunk)
            {
                var path = $"log/{chunk}.json";
                var bytes = await site.ReadAsync(path, cancellationToken) ?? throw new InvalidDataException($"{path} (a page of the log's entries) is missing from the site.");
                try
                {
                    _cached = (chunk, JsonSerializer.Deserialize<List<PublicationLogEntry>>(bytes, SiteBuilder.Json) ?? []);
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"{path} is not a list of log entries: {ex.Message}", ex);
                }
            }
            entries.AddRange(_cached.Value.Entries.Where(e => e.Sequence >= from && e.Sequence <= to));
        }
        return entries;
    }

    private async Task<int> ChunkSizeAsync(CancellationToken cancellationToken)
    {
        if (_chunkSize is null)
        {
            // log.json is covered by the signed head; a damaged one is reported there, the default page size serves meanwhile.
            var bytes = await site.ReadAsync("log.json", cancellationToken);
            try
            {
                using var index = bytes is null ? null : JsonDocument.Parse(bytes);
                _chunkSize = index?.RootElement.TryGetProperty("chunkSize", out var size) == true && size.ValueKind == JsonValueKind.Number ? size.GetInt32() : 100;
            }
            catch (JsonException)
            {
                _chunkSize = 100;
            }
        }
        return _chunkSize.Value;
    }
}
