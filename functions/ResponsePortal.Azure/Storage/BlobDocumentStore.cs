using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ResponsePortal.Documents;

namespace ResponsePortal.Azure.Storage;

/// <summary>
/// Write-once documents in a private container. Bytes are staged as blocks while their SHA-256 is computed;
/// the blob becomes visible only when the block list is committed with its hash in metadata and the condition
/// "no blob of this name exists". A failed or abandoned upload leaves only uncommitted blocks, which nobody
/// can read and which the service discards.
/// </summary>
public sealed class BlobDocumentStore(BlobContainerClient container) : IDocumentStore
{
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Blocks staged at once: enough to keep the link busy while the next block is read and hashed.</summary>
    public const int MaxBlocksInFlight = 4;

    /// <summary>
    /// Block buffers for every upload of the process together (64 MB). Without this bound memory grew with the
    /// number of uploads at once (5 blocks each: 50 uploads held 1 GB) and the shared array pool kept it afterwards.
    /// An upload that finds none free waits, and its client with it (TCP back-pressure); see docs/replies.md.
    /// </summary>
    public const int MaxBuffersPerProcess = 16;

    private static readonly BlockBuffers Buffers = new(BlockSize, MaxBuffersPerProcess);

    public BlobContainerClient Container => container;

    public async Task<StoredDocument> StoreAsync(string blobName, string fileName, string contentType, Stream content, CancellationToken cancellationToken)
    {
        var blob = container.GetBlockBlobClient(blobName);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blockIds = new List<string>();
        var inFlight = new List<Task>();
        long size = 0;
        try
        {
            while (true)
            {
                // Read and hash the next block while earlier ones are still being staged; memory stays at
                // (MaxBlocksInFlight + 1) blocks whatever the file size.
                if (inFlight.Count >= MaxBlocksInFlight)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }
                var buffer = await Buffers.RentAsync(cancellationToken);
                int filled;
                try
                {
                    filled = await FillAsync(content, buffer, cancellationToken);
                }
                catch
                {
                    Buffers.Return(buffer);
                    throw;
                }
                if (filled == 0)
                {
                    Buffers.Return(buffer);
                    break;
                }
                hash.AppendData(buffer, 0, filled);
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{blockIds.Count:D8}-{Guid.NewGuid():N}"));
                blockIds.Add(blockId);
                size += filled;
                inFlight.Add(StageAsync(blob, blockId, buffer, filled, cancellationToken));
            }
            await Task.WhenAll(inFlight);
        }
        catch
        {
            // Let every staging call finish before the buffers go back to the pool; the blocks stay uncommitted.
            try
            {
                await Task.WhenAll(inFlight);
            }
            catch
            {
            }
            throw;
        }

        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        try
        {
            await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string>
                {
                    ["sha256"] = sha256,
                    ["filename"] = Uri.EscapeDataString(fileName),
                },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new DocumentAlreadyExistsException(blobName);
        }
        return new StoredDocument(blobName, fileName, contentType, size, sha256);
    }

    public async Task<Stream?> OpenReadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(string blobName, CancellationToken cancellationToken)
        => container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    public async Task<int> DeleteAllUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        int deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            if ((await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value)
            {
                deleted++;
            }
        }
        return deleted;
    }

    private static async Task StageAsync(BlockBlobClient blob, string blockId, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var block = new MemoryStream(buffer, 0, length, writable: false);
            await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
        }
        finally
        {
            Buffers.Return(buffer);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < BlockSize)
        {
            int read = await content.ReadAsync(buffer.AsMemory(filled, BlockSize - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }
}

/// <summary>A fixed number of equal buffers shared by the whole process: made when first needed, kept, never more.</summary>
internal sealed class BlockBuffers(int size, int count)
{
    private readonly SemaphoreSlim _available = new(count, count);
    private readonly ConcurrentBag<byte[]> _free = [];

    public async ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        return _free.TryTake(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(size);
    }

    public void Return(byte[] buffer)
    {
        _free.Add(buffer);
        _available.Release();
    }
}
