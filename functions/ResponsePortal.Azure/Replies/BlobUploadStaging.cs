using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using ResponsePortal.Documents;
using ResponsePortal.Replies;

namespace ResponsePortal.Azure.Replies;

/// <summary>
/// Staging blobs for direct uploads (ADR 0104). The SAS is a user-delegation SAS when the client signs in with Entra ID
/// (Azure, where shared keys are off) and an account-key SAS when it was built from a connection string (Azurite):
/// the credential the client was built with decides. Its times come from the real clock, <paramref name="storageClock"/>,
/// because the storage service checks them against its own clock, not against the portal's (movable) business clock.
/// </summary>
public sealed class BlobUploadStaging(BlobServiceClient blobs, TimeProvider storageClock) : IUploadStaging
{
    /// <summary>Started a little in the past: the storage service's clock may be behind ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How long the read SAS the server-side copy uses stays valid.</summary>
    public static readonly TimeSpan CopySourceLifetime = TimeSpan.FromMinutes(15);

    /// <summary>A user delegation key is asked for this long (at most 7 days) and reused while it outlives the SAS it signs.</summary>
    public static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromDays(1);

    private readonly BlobContainerClient _staging = blobs.GetBlobContainerClient(ReplyUploadStorageNames.StagingContainer);
    private readonly BlobContainerClient _replies = blobs.GetBlobContainerClient(ReplyStorageNames.RepliesContainer);
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public async Task<UploadGrant> GrantWriteAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var expiresAt = storageClock.GetUtcNow() + lifetime;
        // Write only: Put Block and Put Block List on this one blob. No read, no list, no delete, no other blob.
        var url = await SasUriAsync(_staging.GetBlobClient(blobName), BlobSasPermissions.Write, expiresAt, cancellationToken);
        return new UploadGrant(url, expiresAt);
    }

    public async Task<IReadOnlyDictionary<string, long>> ReceivedBlocksAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var list = (await _staging.GetBlockBlobClient(blobName).GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken)).Value;
            var blocks = new Dictionary<string, long>(StringComparer.Ordinal);
            // Committed first: a block that is both (re-sent after a commit) counts with its latest, uncommitted size.
            foreach (var block in list.CommittedBlocks.Concat(list.UncommittedBlocks))
            {
                blocks[block.Name] = block.SizeLong;
            }
            return blocks;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new Dictionary<string, long>();
        }
    }

    public async Task<StagedFile> CommitAsync(string blobName, IReadOnlyList<string> blockIds, CancellationToken cancellationToken)
    {
        var blob = _staging.GetBlockBlobClient(blobName);
        try
        {
            var committed = await blob.CommitBlockListAsync(blockIds, cancellationToken: cancellationToken);
            var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = committed.Value.ETag }, cancellationToken);
            return new StagedFile(blobName, committed.Value.ETag.ToString(), properties.Value.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 412 && ex.ErrorCode is "InvalidBlockList" or "ConditionNotMet")
        {
            throw new StagedFileChangedException(blobName, ex);
        }
    }

    public async Task<Stream> OpenReadAsync(StagedFile file, CancellationToken cancellationToken)
    {
        try
        {
            var download = await _staging.GetBlobClient(file.BlobName).DownloadStreamingAsync(new BlobDownloadOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = new ETag(file.Version) },
            }, cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new StagedFileChangedException(file.BlobName, ex);
        }
    }

    public async Task<StoredDocument> CopyToRepliesAsync(StagedFile file, string targetBlobName, string fileName, string contentType, string sha256, CancellationToken cancellationToken)
    {
        var source = _staging.GetBlobClient(file.BlobName);
        ETag checkedVersion;
        try
        {
            // The copy takes its type from the source; setting it only if the source is still the checked version.
            checkedVersion = (await source.SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = contentType },
                new BlobRequestConditions { IfMatch = new ETag(file.Version) }, cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new StagedFileChangedException(file.BlobName, ex);
        }

        var sourceUrl = await SasUriAsync(source, BlobSasPermissions.Read, storageClock.GetUtcNow() + CopySourceLifetime, cancellationToken);
        var target = _replies.GetBlobClient(targetBlobName);
        try
        {
            var copy = await target.StartCopyFromUriAsync(sourceUrl, new BlobCopyFromUriOptions
            {
                Metadata = new Dictionary<string, string>
                {
                    ["sha256"] = sha256,
                    ["filename"] = Uri.EscapeDataString(fileName),
                },
                // The hash is of this version; write-once like every reply file.
                SourceConditions = new BlobRequestConditions { IfMatch = checkedVersion },
                DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode is "SourceConditionNotMet" or "CannotVerifyCopySource" || ex.Status == 404)
        {
            throw new StagedFileChangedException(file.BlobName, ex);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new DocumentAlreadyExistsException(targetBlobName);
        }
        var copied = await target.GetPropertiesAsync(cancellationToken: cancellationToken);
        if (copied.Value.BlobCopyStatus is not (null or CopyStatus.Success))
        {
            await target.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw new StagedFileChangedException(file.BlobName);
        }
        return new StoredDocument(targetBlobName, fileName, contentType, copied.Value.ContentLength, sha256);
    }

    public Task DeleteAsync(string blobName, CancellationToken cancellationToken)
        => _staging.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private async Task<Uri> SasUriAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var sas = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = storageClock.GetUtcNow() - ClockSkew,
            ExpiresOn = expiresAt,
            // Azure is HTTPS only; Azurite listens on plain HTTP on 127.0.0.1.
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        sas.SetPermissions(permissions);
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }
        var key = await DelegationKeyAsync(expiresAt, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
    }

    /// <summary>One key serves many SAS; a new one is asked for when the cached one would expire before the SAS it signs.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset sasExpiresAt, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < sasExpiresAt)
            {
                var now = storageClock.GetUtcNow();
                _delegationKey = (await blobs.GetUserDelegationKeyAsync(now - ClockSkew, now + DelegationKeyLifetime, cancellationToken)).Value;
            }
            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
