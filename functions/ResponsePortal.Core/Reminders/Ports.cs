namespace ResponsePortal.Reminders;

/// <summary>The index of everything that falls due, ordered by instant, so a sweep reads only its own time slice.</summary>
public interface IDueIndex
{
    /// <summary>Adds (or rewrites, harmlessly) the items of one communication.</summary>
    Task AddAsync(IReadOnlyList<DueItem> items, CancellationToken cancellationToken);

    /// <summary>Items due in (from, to] (after the last sweep, up to and including now), in order of instant; <paramref name="stats"/> counts the table entities read.</summary>
    Task<IReadOnlyList<DueItem>> ListDueAsync(DateTimeOffset from, DateTimeOffset to, ReadStats? stats, CancellationToken cancellationToken);
}

/// <summary>Counts what a sweep read, for the benchmark and the logs.</summary>
public sealed class ReadStats
{
    private long _entities;
    private long _queries;

    public long EntitiesRead => Interlocked.Read(ref _entities);
    public long Queries => Interlocked.Read(ref _queries);

    public void Count(long entities, long queries = 1)
    {
        Interlocked.Add(ref _entities, entities);
        Interlocked.Add(ref _queries, queries);
    }
}

public interface ISweepCheckpoint
{
    Task<DateTimeOffset?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Moves the checkpoint forward; never back, even when a slower concurrent sweep finishes last.</summary>
    Task AdvanceAsync(DateTimeOffset sweptUntil, CancellationToken cancellationToken);
}

/// <summary>One line of the reminder log: what became of one reminder (or closure) of one communication.</summary>
public sealed record ReminderRecord(
    string Slug,
    string Kind,
    string AddresseeId,
    ReminderState State,
    DateTimeOffset DueAt,
    DateTimeOffset ClosesAt,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? UpdatedAt,
    int Attempts,
    string? Reason,
    int Resends)
{
    public string? ConcurrencyToken { get; init; }
}

public enum ReminderState
{
    /// <summary>Claimed by a sweep that has not yet handed it over.</summary>
    Claimed,
    /// <summary>On the reminder queue (or, for a closure, on the publish queue).</summary>
    Enqueued,
    /// <summary>Not sent: a later reminder was already due when the sweep caught up, or the window had closed.</summary>
    Skipped,
    /// <summary>Not sent: the addressee had already replied.</summary>
    NotNeeded,
    Sent,
    /// <summary>A delivery attempt failed; it will be tried again. For a closure: its publication failed (the reason says why) and is retried.</summary>
    Failed,
    DeadLettered,
    /// <summary>A closure only: the site holds the communication's pages.</summary>
    Published,
}

/// <summary>The claims and outcomes of reminders. The claim is a conditional insert: the first sweep to claim wins.</summary>
public interface IReminderLog
{
    /// <summary>Inserts the record if no record for (slug, kind) exists; false when another sweep claimed it first.</summary>
    Task<bool> TryClaimAsync(ReminderRecord record, CancellationToken cancellationToken);

    Task<ReminderRecord?> FindAsync(string slug, string kind, CancellationToken cancellationToken);

    /// <summary>Saves a changed record; false when someone else changed it since it was read.</summary>
    Task<bool> TryUpdateAsync(ReminderRecord record, CancellationToken cancellationToken);

    Task ReleaseAsync(string slug, string kind, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReminderRecord>> ListAsync(string? slug, CancellationToken cancellationToken);
}

/// <summary>A reminder as it travels to delivery. The body is this record as JSON with its schema version.</summary>
public sealed record ReminderMessage(int SchemaVersion, string Slug, string AddresseeId, string Kind, DateTimeOffset DueAt, DateTimeOffset ClosesAt, int Resend = 0)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Derived from communication and kind, so the transport drops a repeat; a deliberate resend gets its own id.</summary>
    public string MessageId => Resend == 0 ? $"{Slug}|{Kind}" : $"{Slug}|{Kind}|resend-{Resend}";
}

/// <summary>A reminder taken from the queue and locked for this delivery run.</summary>
public sealed record ReceivedReminder(string MessageId, ReminderMessage? Message, int DeliveryCount, string? Unreadable, object Lock);

/// <summary>Where reminders wait for delivery: Service Bus in Azure, a Storage queue locally. Same attempts and dead-lettering.</summary>
public interface IReminderTransport
{
    Task SendAsync(ReminderMessage message, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReceivedReminder>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken);

    Task CompleteAsync(ReceivedReminder reminder, CancellationToken cancellationToken);

    /// <summary>Gives the message back for a later attempt.</summary>
    Task AbandonAsync(ReceivedReminder reminder, CancellationToken cancellationToken);

    Task DeadLetterAsync(ReceivedReminder reminder, string reason, CancellationToken cancellationToken);
}

/// <summary>One email to one contact (or to the secretariat's mailbox), with any files attached.</summary>
public sealed record ReminderEmail(string To, string ToName, string Subject, string PlainText, string Html, string Language)
{
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

public interface IReminderMailer
{
    /// <summary>Sends or throws; a throw is a passing failure the delivery will retry.</summary>
    Task SendAsync(ReminderEmail email, CancellationToken cancellationToken);
}

/// <summary>What an addressee sees in the portal's notices.</summary>
public sealed record Notice(string AddresseeId, string Slug, string Kind, DateTimeOffset At, string Title, string Text, DateTimeOffset ClosesAt);

public interface INoticeBoard
{
    /// <summary>Adds the notice; adding the same (slug, kind) again changes nothing.</summary>
    Task AddAsync(Notice notice, CancellationToken cancellationToken);

    Task<IReadOnlyList<Notice>> ListAsync(string addresseeId, CancellationToken cancellationToken);
}
