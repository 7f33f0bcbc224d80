namespace ResponsePortal.Publication;

/// <summary>Why a communication is (re)published.</summary>
public static class PublishReasons
{
    public const string WindowClosed = "window-closed";
    public const string LateReply = "late-reply";
    public const string Republish = "republish";
    /// <summary>The secretariat retries a publication that failed (monitoring, "Retry").</summary>
    public const string Retry = "retry";

    public static readonly IReadOnlyList<string> All = [WindowClosed, LateReply, Republish, Retry];
}

/// <summary>
/// A job on the <c>publish</c> Storage queue: publish this communication now. The message is this record as JSON
/// (camelCase). Handling it twice must be harmless: publishing is driven by the communication's state.
/// </summary>
public sealed record PublishRequest(int SchemaVersion, string Slug, string Reason, DateTimeOffset RequestedAt, string RequestedBy)
{
    public const int CurrentSchemaVersion = 1;
}

public interface IPublishQueue
{
    Task EnqueueAsync(PublishRequest request, CancellationToken cancellationToken);
}

/// <summary>A publication that failed and has not succeeded since: what the secretariat sees in monitoring.</summary>
public sealed record PublicationFailure(string Slug, string Reason, string Error, DateTimeOffset FailedAt, int Attempts, DateTimeOffset? RetryRequestedAt);

/// <summary>Failed publications, kept until the communication publishes. One row per communication.</summary>
public interface IPublicationFailures
{
    /// <summary>Records (or updates, counting attempts) the failure of a communication's publication.</summary>
    Task RecordAsync(string slug, string reason, string error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The communication published: its failure, if any, is gone.</summary>
    Task ClearAsync(string slug, CancellationToken cancellationToken);

    Task<PublicationFailure?> FindAsync(string slug, CancellationToken cancellationToken);

    Task MarkRetryRequestedAsync(string slug, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<PublicationFailure>> ListAsync(CancellationToken cancellationToken);
}
