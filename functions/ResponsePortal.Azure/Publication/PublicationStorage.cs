using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Azure.Publication;

/// <summary>The publication feature's tables and containers (docs/data-model.md, "Publication").</summary>
public static class PublicationStorageNames
{
    public const string PublicationLogTable = "PublicationLog";
    /// <summary>Publications that failed and have not succeeded since (monitoring, with a retry).</summary>
    public const string PublicationFailuresTable = "PublicationFailures";
    /// <summary>The storage account's static website container: the public site.</summary>
    public const string WebContainer = "$web";
    /// <summary>Private reply files, written by the replies feature and read here to copy published ones.</summary>
    public const string RepliesContainer = "replies";
    /// <summary>Private: holds the blob whose lease lets one publisher run at a time.</summary>
    public const string LocksContainer = "publication-locks";
}

public static class PublicationStorageKeys
{
    public const string LogPartition = "log";

    /// <summary>PublicationLog: one partition; the row key counts down so the head is the first row.</summary>
    public static (string PartitionKey, string RowKey) LogEntry(long sequence) => (LogPartition, LogRowKey(sequence));

    public const string FailurePartition = "failure";

    /// <summary>PublicationFailures: one partition (a handful of rows at most), one row per communication.</summary>
    public static (string PartitionKey, string RowKey) Failure(string slug) => (FailurePartition, slug);

    public static string LogRowKey(long sequence) => (long.MaxValue - sequence).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class PublicationLogEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public string Slug { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>JSON array of {path, sha256}.</summary>
    public string Files { get; set; } = "[]";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
    /// <summary>SHA-256 of the entry's manifest; null for entries written before manifests.</summary>
    public string? Manifest { get; set; }

    public static PublicationLogEntity From(PublicationLogEntry entry)
    {
        var (pk, rk) = PublicationStorageKeys.LogEntry(entry.Sequence);
        return new PublicationLogEntity
        {
            PartitionKey = pk, RowKey = rk, Sequence = entry.Sequence, At = entry.At, Slug = entry.Slug, Kind = entry.Kind,
            Files = JsonSerializer.Serialize(entry.Files, SiteBuilder.Json), PreviousHash = entry.PreviousHash, Hash = entry.Hash, Manifest = entry.Manifest,
        };
    }

    public PublicationLogEntry ToDomain()
        => new(Sequence, At, Slug, Kind, JsonSerializer.Deserialize<List<PublicationLogFile>>(Files, SiteBuilder.Json) ?? [], PreviousHash, Hash, Manifest);
}

/// <summary>The publication log in Table Storage: insert-only, so a sequence number can be taken once.</summary>
public sealed class TablePublicationLog(TableServiceClient tables, TimeProvider clock) : IPublicationLog
{
    private readonly TableClient _log = tables.GetTableClient(PublicationStorageNames.PublicationLogTable);

    /// <summary>
    /// The head this process last read or appended. The first attempt chains onto it without a query: entries are
    /// immutable and sequences are taken by insert, so a stale head only costs a 409 and a fresh read.
    /// </summary>
    private PublicationLogHead? _lastKnown;

    public async Task<PublicationLogEntry> AppendAsync(DateTimeOffset at, string slug, string kind, IReadOnlyList<PublicationLogFile> files, CancellationToken cancellationToken, string? manifest = null)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var head = attempt == 0 && _lastKnown is { } known ? known : await HeadAsync(cancellationToken);
            var entry = PublicationLogChain.Next(head, at, slug, kind, files, manifest);
            try
            {
                await _log.AddEntityAsync(PublicationLogEntity.From(entry), cancellationToken);
                _lastKnown = PublicationLogHead.Of(entry);
                return entry;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Someone appended first: chain onto their entry instead.
            }
        }
        throw new InvalidOperationException($"The publication log head kept moving at {clock.GetUtcNow():O}; the job will be retried.");
    }

    public async Task<PublicationLogHead> HeadAsync(CancellationToken cancellationToken)
    {
        await foreach (var entity in _log.QueryAsync<PublicationLogEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PublicationStorageKeys.LogPartition}"), maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return _lastKnown = new PublicationLogHead(entity.Sequence, entity.Hash, entity.At);
        }
        return _lastKnown = PublicationLogChain.Genesis;
    }

    public async Task<IReadOnlyList<PublicationLogEntry>> ListAsync(long from, long to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PublicationStorageKeys.LogPartition} and RowKey ge {PublicationStorageKeys.LogRowKey(to)} and RowKey le {PublicationStorageKeys.LogRowKey(from)}");
        var entries = new List<PublicationLogEntry>();
        await foreach (var entity in _log.QueryAsync<PublicationLogEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(entity.ToDomain());
        }
        entries.Reverse();
        return entries;
    }
}

public sealed class PublicationFailureEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reason { get; set; } = "";
    public string Error { get; set; } = "";
    public DateTimeOffset FailedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? RetryRequestedAt { get; set; }

    public PublicationFailure ToDomain() => new(RowKey, Reason, Error, FailedAt, Attempts, RetryRequestedAt);
}

/// <summary>Failed publications in Table Storage, cleared by the next successful publication of the communication.</summary>
public sealed class TablePublicationFailures(TableServiceClient tables) : IPublicationFailures
{
    /// <summary>Table Storage keeps at most 32K characters in a string property; an error message is cut well before.</summary>
    public const int MaxErrorLength = 4000;

    private readonly TableClient _failures = tables.GetTableClient(PublicationStorageNames.PublicationFailuresTable);

    public async Task RecordAsync(string slug, string reason, string error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (pk, rk) = PublicationStorageKeys.Failure(slug);
        var earlier = await _failures.GetEntityIfExistsAsync<PublicationFailureEntity>(pk, rk, cancellationToken: cancellationToken);
        var entity = earlier.HasValue ? earlier.Value! : new PublicationFailureEntity { PartitionKey = pk, RowKey = rk };
        entity.Reason = reason;
        entity.Error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…";
        entity.FailedAt = at;
        entity.Attempts++;
        // Last writer wins: two failures of one communication at once would both say it failed.
        await _failures.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task ClearAsync(string slug, CancellationToken cancellationToken)
    {
        var (pk, rk) = PublicationStorageKeys.Failure(slug);
        await _failures.DeleteEntityAsync(pk, rk, ETag.All, cancellationToken);
    }

    public async Task<PublicationFailure?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var (pk, rk) = PublicationStorageKeys.Failure(slug);
        var found = await _failures.GetEntityIfExistsAsync<PublicationFailureEntity>(pk, rk, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToDomain() : null;
    }

    public async Task MarkRetryRequestedAsync(string slug, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (pk, rk) = PublicationStorageKeys.Failure(slug);
        try
        {
            await _failures.UpdateEntityAsync(new TableEntity(pk, rk) { ["RetryRequestedAt"] = at }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // It published meanwhile: nothing left to mark, and the queued retry is harmless.
        }
    }

    public async Task<IReadOnlyList<PublicationFailure>> ListAsync(CancellationToken cancellationToken)
    {
        var failures = new List<PublicationFailure>();
        await foreach (var entity in _failures.QueryAsync<PublicationFailureEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PublicationStorageKeys.FailurePartition}"), cancellationToken: cancellationToken))
        {
            failures.Add(entity.ToDomain());
        }
        return failures.OrderByDescending(f => f.FailedAt).ToList();
    }
}

/// <summary>The public site in the <c>$web</c> container, each blob with its content type so browsers render it.</summary>
public sealed class BlobSiteOutput(BlobContainerClient container) : ISiteOutput
{
    public BlobContainerClient Container => container;

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
        => container.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = SiteCacheControl.For(path) },
        }, cancellationToken);

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(path).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
        => container.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    public async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            yield return item.Name;
        }
    }
}

/// <summary>Reply files from the private <c>replies</c> container.</summary>
public sealed class BlobReplyFileStore(BlobContainerClient container) : IReplyFileStore
{
    public async Task<Stream?> OpenReadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}

/// <summary>Until the replies feature registers its reader, there are no replies to publish.</summary>
public sealed class NoReplies : IReplyReader
{
    public Task<IReadOnlyList<Reply>> ListForCommunicationAsync(string slug, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<Reply>>([]);
}

/// <summary>One publisher at a time across instances: a 60-second blob lease, renewed by taking it again per job.</summary>
public sealed class BlobLeasePublisherLock(BlobContainerClient container, TimeProvider clock) : IPublisherLock
{
    public const string LockBlob = "publisher.lock";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(LockBlob);
        var lease = blob.GetBlobLeaseClient();
        var started = clock.GetUtcNow();
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
                return new Release(lease);
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && clock.GetUtcNow() - started < GiveUpAfter)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The first publisher ever: the lock blob is created once (asking whether it exists would cost every job a call).
                try
                {
                    await blob.UploadAsync(BinaryData.FromString("publisher lock"), overwrite: false, cancellationToken);
                }
                catch (RequestFailedException created) when (created.Status is 409 or 412)
                {
                }
            }
        }
    }

    private sealed class Release(BlobLeaseClient lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // An expired lease is released already.
            }
        }
    }
}
