using ResponsePortal.Communications;

namespace ResponsePortal.Replies;

/// <summary>
/// Told of each stored reply as one of its consequences (ADR 0103), so features keep their own indexes (the
/// report's replies by received day) without the replies feature knowing them. Runs again when the request's
/// consequences are replayed or repaired by the janitor: handlers must be safe to repeat.
/// </summary>
public interface IReplyStored
{
    Task OnStoredAsync(Reply reply, Communication communication, CancellationToken cancellationToken);
}
