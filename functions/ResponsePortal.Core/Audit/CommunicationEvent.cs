namespace ResponsePortal.Audit;

/// <summary>One entry of a communication's append-only audit trail.</summary>
public sealed record CommunicationEvent(string Slug, DateTimeOffset At, string Kind, string Actor, IReadOnlyDictionary<string, string> Data)
{
    public const string Registered = "communication-registered";
    public const string LetterDownloaded = "letter-downloaded";
}

/// <summary>Append-only: there is no update and no delete.</summary>
public interface IEventLog
{
    Task AppendAsync(CommunicationEvent communicationEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Appends an event under an id derived from what it records, unless that event is already there, so repeating
    /// it (a repair after a crash) never writes it twice. False when it was already there.
    /// </summary>
    Task<bool> AppendOnceAsync(CommunicationEvent communicationEvent, Guid eventId, CancellationToken cancellationToken);
    Task<IReadOnlyList<CommunicationEvent>> ListAsync(string slug, CancellationToken cancellationToken);
}
