namespace ResponsePortal.Communications;

/// <summary>
/// Told of each communication once it is stored, so features keep their own indexes (the reminders' due
/// schedule) without registration knowing them. A failing handler fails the request after the letter is stored;
/// handlers must be safe to repeat.
/// </summary>
public interface ICommunicationRegistered
{
    Task OnRegisteredAsync(Communication communication, CancellationToken cancellationToken);
}
