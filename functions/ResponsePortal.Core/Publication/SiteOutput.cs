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
        using var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        file.Write(content.Span);
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
/// log learns every path and hash before a byte reaches the site. Reads see the staged state.
/// </summary>
public sealed class StagedSiteOutput(ISiteOutput target) : ISiteOutput
{
    private readonly Dictionary<string, (byte[] Content, string ContentType)> _writes = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _deletes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ISiteOutput Target => target;

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
        return target.ReadAsync(path, cancellationToken);
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
        foreach (var path in _order)
        {
            var current = await target.ReadAsync(path, cancellationToken);
            if (current is null || !current.AsSpan().SequenceEqual(_writes[path].Content))
            {
                return true;
            }
        }
        foreach (var path in _deletes)
        {
            if (await target.ReadAsync(path, cancellationToken) is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Writes to the target: the public record first (a retry after a crash then keeps the communication's
    /// positions), then the other files in the order they were staged, deletions last.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        List<string> order;
        lock (_gate)
        {
            order = _order.OrderBy(p => p.EndsWith("/record.json", StringComparison.Ordinal) ? 0 : 1).ToList();
        }
        foreach (var path in order)
        {
            var (content, contentType) = _writes[path];
            await target.WriteAsync(path, content, contentType, cancellationToken);
        }
        foreach (var path in _deletes)
        {
            await target.DeleteAsync(path, cancellationToken);
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

    public PublicationManifest Changes() => new(
        _changes.Where(c => c.Value is not null).Select(c => new PublicationLogFile(c.Key, c.Value!)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
        _changes.Where(c => c.Value is null).Select(c => c.Key).Order(StringComparer.Ordinal).ToList());
}
