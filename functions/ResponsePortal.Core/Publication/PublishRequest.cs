namespace ResponsePortal.Publication;

/// <summary>Why a communication is (re)published.</summary>
public static class PublishReasons
{
    public const string WindowClosed = "window-closed";
    public const string LateReply = "late-reply";
    public const string Republish = "republish";
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
