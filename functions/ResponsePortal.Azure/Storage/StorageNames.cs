namespace ResponsePortal.Azure.Storage;

/// <summary>Every table, container and queue the portal uses. docs/data-model.md explains each one.</summary>
public static class StorageNames
{
    public const string CommunicationsTable = "Communications";
    public const string CommunicationSlugsTable = "CommunicationSlugs";
    public const string DeadlinesTable = "Deadlines";
    public const string AddresseesTable = "Addressees";
    public const string ContactsTable = "Contacts";
    public const string MembersTable = "Members";
    public const string MembershipsTable = "Memberships";
    public const string CasesTable = "Cases";
    public const string MandatesTable = "Mandates";
    public const string EventsTable = "Events";

    public const string LettersContainer = "letters";
    public const string IncomingContainer = "incoming";
    public const string IncomingRejectedContainer = "incoming-rejected";
    public const string IncomingProcessedContainer = "incoming-processed";

    public const string PublishQueue = "publish";
    /// <summary>Where the Functions host moves a publish job that failed maxDequeueCount times (host.json); declared so operators find it.</summary>
    public const string PublishPoisonQueue = "publish-poison";

    public static readonly string[] Tables =
    [
        CommunicationsTable, CommunicationSlugsTable, DeadlinesTable, AddresseesTable, ContactsTable,
        MembersTable, MembershipsTable, CasesTable, MandatesTable, EventsTable,
    ];

    public static readonly string[] Containers = [LettersContainer, IncomingContainer, IncomingRejectedContainer, IncomingProcessedContainer];

    public static readonly string[] Queues = [PublishQueue, PublishPoisonQueue];
}

/// <summary>Every PartitionKey/RowKey formula in one place (mirrored in docs/data-model.md).</summary>
public static class StorageKeys
{
    /// <summary>Communications: one partition per addressee, so an addressee's list is one partition read.</summary>
    public static (string PartitionKey, string RowKey) Communication(string addresseeId, string slug) => (addresseeId, slug);

    /// <summary>CommunicationSlugs: the reference claim; finding a letter by slug alone costs one point read.</summary>
    public static (string PartitionKey, string RowKey) CommunicationSlug(string slug) => (slug, "slug");

    /// <summary>Deadlines: partitioned by the UTC date of the closing instant, so a date range is a key range.</summary>
    public static (string PartitionKey, string RowKey) Deadline(DateTimeOffset closesAt, string slug) => (DeadlineDay(closesAt), slug);

    public static string DeadlineDay(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static (string PartitionKey, string RowKey) Addressee(string id) => ("addressee", id);

    public static (string PartitionKey, string RowKey) Contact(string addresseeId, string email) => (addresseeId, email);

    public static (string PartitionKey, string RowKey) Member(string addresseeId, string userId) => (addresseeId, userId);

    /// <summary>Memberships: the reverse of Members, one point read at sign-in.</summary>
    public static (string PartitionKey, string RowKey) Membership(string userId) => (userId, "membership");

    public static (string PartitionKey, string RowKey) Case(string id) => ("case", id);

    public static (string PartitionKey, string RowKey) Mandate(string id) => ("mandate", id);

    /// <summary>Events: one partition per communication, in the order they happened.</summary>
    public static (string PartitionKey, string RowKey) Event(string slug, DateTimeOffset at, Guid id)
        => (slug, $"{at.UtcTicks:D19}-{id:N}");
}
