using System.Buffers;
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

    public BlobContainerClient Container => container;

    public async Task<StoredDocument> StoreAsync(string blobName, string fileName, string contentType, Stream content, CancellationToken cancellationToken)
    {
        var blob = container.GetBlockBlobClient(blobName);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blockIds = new List<string>();
        long size = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            while (true)
            {
                int filled = await FillAsync(content, buffer, cancellationToken);
                if (filled == 0)
                {
                    break;
                }
                hash.AppendData(buffer, 0, filled);
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{blockIds.Count:D8}-{Guid.NewGuid():N}"));
                using var block = new MemoryStream(buffer, 0, filled, writable: false);
                await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
                blockIds.Add(blockId);
                size += filled;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
