using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ResponsePortal.Communications;
using ResponsePortal.Intake;

namespace ResponsePortal.Azure.Storage;

/// <summary>Intake packages as folders of the <c>incoming</c> container.</summary>
public sealed class BlobIntakePackages(BlobServiceClient blobs, TimeProvider clock) : IIntakePackages
{
    private BlobContainerClient Incoming => blobs.GetBlobContainerClient(StorageNames.IncomingContainer);

    public async Task<FileUpload?> OpenFileAsync(string packageId, string fileName, CancellationToken cancellationToken)
    {
        var blob = Incoming.GetBlobClient($"{packageId}/{fileName}");
        try
        {
            // Seekable (ranged reads), so registration checks a document's structure at its end before storing anything.
            var content = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            return new FileUpload(fileName, content.Length, content);
        }
        catch (global::Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task RejectAsync(string packageId, IReadOnlyList<string> reasons, CancellationToken cancellationToken)
    {
        var target = blobs.GetBlobContainerClient(StorageNames.IncomingRejectedContainer);
        var folder = $"{packageId}/{clock.GetUtcNow():yyyyMMddTHHmmssfffZ}";
        var text = new StringBuilder($"Package {packageId} was not registered, for these reasons:\n");
        foreach (var reason in reasons)
        {
            text.Append("- ").Append(reason).Append('\n');
        }
        await target.GetBlobClient($"{folder}/REJECTED.txt").UploadAsync(BinaryData.FromString(text.ToString()), overwrite: true, cancellationToken);
        await MoveAsync(packageId, target, folder, cancellationToken);
    }

    public Task CompleteAsync(string packageId, CancellationToken cancellationToken)
        => MoveAsync(packageId, blobs.GetBlobContainerClient(StorageNames.IncomingProcessedContainer), $"{packageId}/{clock.GetUtcNow():yyyyMMddTHHmmssfffZ}", cancellationToken);

    private async Task MoveAsync(string packageId, BlobContainerClient target, string folder, CancellationToken cancellationToken)
    {
        await foreach (var item in Incoming.GetBlobsAsync(new GetBlobsOptions { Prefix = packageId + "/" }, cancellationToken))
        {
            var source = Incoming.GetBlobClient(item.Name);
            var download = await source.DownloadContentAsync(cancellationToken);
            await target.GetBlobClient($"{folder}/{item.Name[(packageId.Length + 1)..]}").UploadAsync(download.Value.Content, overwrite: true, cancellationToken);
            await source.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
