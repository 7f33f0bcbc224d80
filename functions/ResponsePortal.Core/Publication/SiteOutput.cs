namespace ResponsePortal.Publication;

/// <summary>
/// Where the public site is written: the <c>$web</c> blob container in Azure, or a local folder (export,
/// mirrors, benchmarks). Paths are relative, with forward slashes, e.g. <c>c/al-usa-2-2021/index.html</c>.
/// </summary>
public interface ISiteOutput
{
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    Task DeleteAsync(string path, CancellationToken cancellationToken);

    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken);
}

public static class SiteContentTypes
{
    public static string For(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".xml" when path.StartsWith("feeds/", StringComparison.Ordinal) => "application/atom+xml; charset=utf-8",
        ".xml" => "application/xml; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}

/// <summary>
/// How long a browser or a CDN may keep a file of the site, by file class (docs/publication.md, "Caching";
/// docs/adr/0901-publishing-speed.md). Paths are the same in every language's folder.
/// </summary>
public static class SiteCacheControl
{
    /// <summary>Documents: their name holds their SHA-256, so the bytes behind a name never change.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";
    /// <summary>A communication's page and record, archive pages, assets: change on a late reply, a correction, a release.</summary>
    public const string Page = "public, max-age=300";
    /// <summary>What every publication rewrites: listings' newest pages, feeds, directories, search and open data, the log's head.</summary>
    public const string Head = "public, max-age=60";

    public static string For(string path)
    {
        var local = WithoutLanguage(path);
        if (local.StartsWith("files/", StringComparison.Ordinal))
        {
            return Immutable;
        }
        if (local.StartsWith("c/", StringComparison.Ordinal) || local.StartsWith(PublicationManifest.Directory, StringComparison.Ordinal)
            || local is "site.css" or "search.js" or "verify.js" or "verify.html" or "404.html")
        {
            return Page;
        }
        return Head;
    }

    /// <summary>The path as in the default language's folder: <c>fr/c/x/index.html</c> → <c>c/x/index.html</c>.</summary>
    internal static string WithoutLanguage(string path)
    {
        foreach (var language in SiteText.All)
        {
            if (language.Prefix.Length > 0 && path.StartsWith(language.Prefix, StringComparison.Ordinal))
            {
                return path[language.Prefix.Length..];
            }
        }
        return path;
    }
}

/// <summary>The site as files in a local folder.</summary>
public sealed class LocalFolderSiteOutput(string root) : ISiteOutput
{
    public string Root { get; } = Path.GetFullPath(root);

    private string Full(string path)
    {
        var full = Path.GetFullPath(Path.Combine(Root, path));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} is outside the site folder.", nameof(path));
        }
        return full;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var full = Full(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!_folders.ContainsKey(folder))
        {
            Directory.CreateDirectory(folder);
            _folders.TryAdd(folder, true);
        }
        // Synchronous writes: on Linux async file I/O runs on the thread pool anyway, and small files dominate.
        // A handle and a positioned write: open, write, close (a FileStream adds a seek to learn its position).
        using var file = File.OpenHandle(full, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None);
        RandomAccess.Write(file, content.Span, 0);
        return Task.CompletedTask;
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Full(path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, cancellationToken) : null;
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        File.Delete(Full(path));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/');
        }
        await Task.CompletedTask;
    }
}

/// <summary>
/// One publication's writes and deletes, held in memory until <see cref="CommitAsync"/>. A record that fails to
/// render therefore leaves nothing half-written behind (no listing entry without its page), and the publication
/// log learns every path and hash before a byte reaches the site. Reads see the staged state; a file of the
/// target is read once per publication (the publisher holds its lock, so nobody else changes it meanwhile).
/// </summary>
/// <param name="concurrency">Target calls in flight at once when committing or comparing; 1 makes them one after another.</param>
public sealed class StagedSiteOutput(ISiteOutput target, int concurrency = 1) : ISiteOutput
{
    private readonly Dictionary<string, (byte[] Content, string ContentType)> _writes = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _deletes = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<byte[]?>> _read = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ISiteOutput Target => target;

    /// <summary>Calls to the target's reads, writes and deletes so far (cached reads not counted).</summary>
    public int TargetCalls => _targetCalls;
    private int _targetCalls;

    private Task<byte[]?> ReadTargetAsync(string path, CancellationToken cancellationToken)
        => _read.GetOrAdd(path, p =>
        {
            Interlocked.Increment(ref _targetCalls);
            return target.ReadAsync(p, cancellationToken);
        });

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_writes.ContainsKey(path))
            {
                _order.Add(path);
            }
            _writes[path] = (content.ToArray(), contentType);
            _deletes.Remove(path);
        }
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_writes.TryGetValue(path, out var staged))
            {
                return Task.FromResult<byte[]?>(staged.Content);
            }
            if (_deletes.Contains(path))
            {
                return Task.FromResult<byte[]?>(null);
            }
        }
        return ReadTargetAsync(path, cancellationToken);
    }

    /// <summary>
    /// Starts reading a file of the target that the publication is sure to read later, so that the read overlaps the
    /// ones before it; the later <see cref="ReadAsync"/> gets the same bytes (or the same failure). A path staged or
    /// deleted here is not read.
    /// </summary>
    public void Prefetch(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_writes.ContainsKey(path) || _deletes.Contains(path))
            {
                return;
            }
        }
        // Observed here too, so that a failed read is never an unobserved task; the later read rethrows it.
        _ = ReadTargetAsync(path, cancellationToken).ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_writes.Remove(path))
            {
                _order.Remove(path);
            }
            _deletes.Add(path);
        }
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken)
        => throw new NotSupportedException("A staged publication is not listed; list its target.");

    /// <summary>Every path written (with the SHA-256 of its bytes) and every path deleted, in path order.</summary>
    public PublicationManifest Changes()
    {
        lock (_gate)
        {
            return new PublicationManifest(
                _writes.Select(w => new PublicationLogFile(w.Key, SiteBuilder.Sha256(w.Value.Content))).OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
                _deletes.Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>True when committing would change a byte of the target (a repeated job usually would not).</summary>
    public async Task<bool> ChangesTargetAsync(CancellationToken cancellationToken)
    {
        List<string> written, deleted;
        lock (_gate)
        {
            written = [.. _order];
            deleted = [.. _deletes];
        }
        var changed = 0;
        await ForEachAsync(written, async (path, ct) =>
        {
            var current = await ReadTargetAsync(path, ct);
            if (current is null || !current.AsSpan().SequenceEqual(_writes[path].Content))
            {
                Interlocked.Exchange(ref changed, 1);
            }
        }, cancellationToken);
        await ForEachAsync(deleted, async (path, ct) =>
        {
            if (await ReadTargetAsync(path, ct) is not null)
            {
                Interlocked.Exchange(ref changed, 1);
            }
        }, cancellationToken);
        return changed == 1;
    }

    /// <summary>
    /// Writes to the target: the public record first (a retry after a crash then keeps the communication's
    /// positions), then the other files, <c>concurrency</c> at a time, deletions last.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        List<string> records, others, deletes;
        lock (_gate)
        {
            records = _order.Where(IsRecord).ToList();
            others = _order.Where(p => !IsRecord(p)).ToList();
            deletes = [.. _deletes];
        }
        await ForEachAsync(records, WriteTargetAsync, cancellationToken);
        await ForEachAsync(others, WriteTargetAsync, cancellationToken);
        await ForEachAsync(deletes, async (path, ct) =>
        {
            Interlocked.Increment(ref _targetCalls);
            await target.DeleteAsync(path, ct);
        }, cancellationToken);
    }

    private static bool IsRecord(string path) => path.EndsWith("/record.json", StringComparison.Ordinal);

    private async ValueTask WriteTargetAsync(string path, CancellationToken cancellationToken)
    {
        var (content, contentType) = _writes[path];
        Interlocked.Increment(ref _targetCalls);
        await target.WriteAsync(path, content, contentType, cancellationToken);
    }

    private async Task ForEachAsync(IReadOnlyList<string> paths, Func<string, CancellationToken, ValueTask> call, CancellationToken cancellationToken)
    {
        if (concurrency <= 1)
        {
            foreach (var path in paths)
            {
                await call(path, cancellationToken);
            }
            return;
        }
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, call);
    }
}

/// <summary>
/// A full build's uploads: a write is handed to the target and returns at once while at most <c>concurrency</c>
/// calls are in flight (then it waits for a slot), so rendering goes on while the uploads keep the bound full,
/// whatever phase of the build is writing. <see cref="CompleteAsync"/> waits for every call and rethrows the first
/// failure. Reads go to the target: not for reading back what is being written.
/// </summary>
public sealed class PipelinedSiteOutput(ISiteOutput target, int concurrency) : ISiteOutput
{
    private readonly SemaphoreSlim _slots = new(Math.Max(concurrency, 1));
    private Exception? _failure;

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await StartAsync(() => target.WriteAsync(path, content, contentType, cancellationToken), cancellationToken);
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => target.ReadAsync(path, cancellationToken);

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        await StartAsync(() => target.DeleteAsync(path, cancellationToken), cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => target.ListAsync(cancellationToken);

    private async Task StartAsync(Func<Task> call, CancellationToken cancellationToken)
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("An earlier upload of this build failed.", failure);
        }
        await _slots.WaitAsync(cancellationToken);
        _ = RunAsync(call);
    }

    private async Task RunAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, ex, null);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Waits until nothing is in flight (it holds every slot once), then rethrows the first failure.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < Math.Max(concurrency, 1); i++)
        {
            await _slots.WaitAsync(cancellationToken);
        }
        _slots.Release(Math.Max(concurrency, 1));
        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}

/// <summary>Passes writes and deletes through and remembers each path's hash: a full rebuild's manifest.</summary>
public sealed class RecordingSiteOutput(ISiteOutput target) : ISiteOutput
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _changes = new(StringComparer.Ordinal);

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        _changes[path] = SiteBuilder.Sha256(content.Span);
        await target.WriteAsync(path, content, contentType, cancellationToken);
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => target.ReadAsync(path, cancellationToken);

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        _changes[path] = null;
        await target.DeleteAsync(path, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => target.ListAsync(cancellationToken);

    /// <summary>Whether <paramref name="path"/> was written (and not removed after).</summary>
    public bool Wrote(string path) => _changes.TryGetValue(path, out var hash) && hash is not null;

    /// <summary>Every path written (with its hash) and removed, in ordinal order: one snapshot of the changes, sorted in place.</summary>
    public PublicationManifest Changes()
    {
        var changes = _changes.ToArray();
        var written = changes.Where(c => c.Value is not null).Select(c => new PublicationLogFile(c.Key, c.Value!)).ToArray();
        // Paths are unique (they are the dictionary's keys), so an unstable sort gives the one order.
        Array.Sort(written, static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        var removed = changes.Where(c => c.Value is null).Select(c => c.Key).ToArray();
        Array.Sort(removed, StringComparer.Ordinal);
        return new(written, removed);
    }
}
