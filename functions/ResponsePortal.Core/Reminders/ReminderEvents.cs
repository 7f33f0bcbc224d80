namespace ResponsePortal.Reminders;

/// <summary>Kinds of <see cref="Audit.CommunicationEvent"/> the reminders feature appends to a communication's trail.</summary>
public static class ReminderEvents
{
    public const string Enqueued = "reminder-enqueued";
    public const string Skipped = "reminder-skipped";
    public const string NotNeeded = "reminder-not-needed";
    public const string Sent = "reminder-sent";
    public const string Failed = "reminder-failed";
    public const string DeadLettered = "reminder-dead-lettered";
    public const string Resent = "reminder-resent";
    public const string WindowClosed = "window-closed";

    public const string Actor = "system:deadline-sweep";
    public const string DeliveryActor = "system:reminder-delivery";
}
