using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Replies;

namespace ResponsePortal.Azure.Replies;

/// <summary>Direct uploads' table and staging container (docs/data-model.md, section Replies).</summary>
public static class ReplyUploadStorageNames
{
    public const string SessionsTable = "ReplyUploadSessions";

    /// <summary>Where browsers write blocks through their SAS; a lifecycle rule in Bicep deletes what is left there.</summary>
    public const string StagingContainer = "reply-uploads";

    public static StorageResources Resources => new([SessionsTable], [StagingContainer], []);

    /// <summary>Upload sessions: one partition per addressee, so a session id alone never reaches another addressee's file.</summary>
    public static (string PartitionKey, string RowKey) Session(string addresseeId, string sessionId) => (addresseeId, sessionId);
}

public sealed class UploadSessionEntity : EntityBase
{
    public UploadSessionEntity() { }
    public UploadSessionEntity(string addresseeId, string sessionId) => SetKeys(ReplyUploadStorageNames.Session(addresseeId, sessionId));

    public string Slug { get; set; } = "";
    public string ReplyKey { get; set; } = "";
    public string FileName { get; set; } = "";
    public long Size { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? ReplyId { get; set; }
}

public sealed class TableUploadSessionStore(TableServiceClient tables) : IUploadSessionStore
{
    private readonly TableClient _sessions = tables.GetTableClient(ReplyUploadStorageNames.SessionsTable);

    public async Task<UploadSession> AddOrGetAsync(UploadSession session, CancellationToken cancellationToken)
    {
        var entity = new UploadSessionEntity(session.AddresseeId, session.Id)
        {
            Slug = session.Slug,
            ReplyKey = session.ReplyKey,
            FileName = session.FileName,
            Size = session.Size,
            CreatedBy = session.CreatedBy,
            CreatedAt = session.CreatedAt,
        };
        if (await _sessions.TryAddAsync(entity, cancellationToken))
        {
            return session;
        }
        // The id is derived from what the session is for, so the existing row is this very session asked for again.
        return await FindAsync(session.AddresseeId, session.Id, cancellationToken) ?? session;
    }

    public async Task<UploadSession?> FindAsync(string addresseeId, string sessionId, CancellationToken cancellationToken)
    {
        var e = await _sessions.FindAsync<UploadSessionEntity>(ReplyUploadStorageNames.Session(addresseeId, sessionId), cancellationToken);
        return e is null ? null : new UploadSession(e.RowKey, e.PartitionKey, e.Slug, e.ReplyKey, e.FileName, e.Size, e.CreatedBy, e.CreatedAt, e.ReplyId);
    }

    public Task MarkUsedAsync(UploadSession session, string replyId, CancellationToken cancellationToken)
    {
        var entity = new UploadSessionEntity(session.AddresseeId, session.Id) { ReplyId = replyId };
        var patch = new TableEntity(entity.PartitionKey, entity.RowKey) { [nameof(UploadSessionEntity.ReplyId)] = replyId };
        return _sessions.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}

public static class ReplyUploadsRegistration
{
    /// <summary>Direct uploads: sessions, staging and the use case.</summary>
    public static IServiceCollection AddReplyUploads(this IServiceCollection services)
    {
        services.AddSingleton<IUploadSessionStore, TableUploadSessionStore>();
        // The real clock, not the registered (movable) one: SAS times are checked by the storage service.
        services.AddSingleton<IUploadStaging>(sp => new BlobUploadStaging(sp.GetRequiredService<BlobServiceClient>(), TimeProvider.System));
        services.AddSingleton<UploadSessions>();
        services.AddSingleton(ReplyUploadStorageNames.Resources);
        return services;
    }
}

/// <summary>
/// What the browser needs from the blob endpoint's CORS to upload blocks: PUT (Put Block, Put Block List), GET and the
/// preflight, with the x-ms-* headers. Declared for the portal's origin only, in Bicep (storage-account.bicep) and by the
/// DevHost on Azurite (DirectUploadCorsOnAzurite); DirectUploadStorageTests checks the Bicep rule carries the same values.
/// </summary>
public static class DirectUploadCors
{
    public static readonly string[] AllowedMethods = ["PUT", "GET", "OPTIONS"];
    public static readonly string[] AllowedHeaders = ["content-type", "x-ms-*"];
    public static readonly string[] ExposedHeaders = ["x-ms-*", "etag"];
    public const int MaxAgeInSeconds = 3600;
}
