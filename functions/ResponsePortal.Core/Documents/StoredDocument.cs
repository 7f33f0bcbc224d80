namespace ResponsePortal.Documents;

/// <summary>A document kept in private storage, write-once, identified by its blob name and content hash.</summary>
public sealed record StoredDocument(string BlobName, string FileName, string ContentType, long Size, string Sha256);
