namespace ResponsePortal.Documents;

public sealed class DocumentAlreadyExistsException(string blobName)
    : Exception($"A document is already stored as {blobName}; documents are write-once.")
{
    public string BlobName { get; } = blobName;
}

/// <summary>Private, write-once document storage that hashes every byte it stores.</summary>
public interface IDocumentStore
{
    /// <summary>Streams <paramref name="content"/> into storage, computing its SHA-256 on the way. Throws <see cref="DocumentAlreadyExistsException"/> if the name is taken.</summary>
    Task<StoredDocument> StoreAsync(string blobName, string fileName, string contentType, Stream content, CancellationToken cancellationToken);

    Task<Stream?> OpenReadAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Removes a document that never became part of a record (a failed registration or upload).</summary>
    Task DeleteAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Removes every document whose name starts with <paramref name="prefix"/> (what a dead upload left); answers how many.</summary>
    Task<int> DeleteAllUnderAsync(string prefix, CancellationToken cancellationToken);
}
