using Azure;
using Azure.Data.Tables;

namespace ResponsePortal.Azure.Storage;

public abstract class EntityBase : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    protected void SetKeys((string PartitionKey, string RowKey) key) => (PartitionKey, RowKey) = key;
}

public sealed class CommunicationEntity : EntityBase
{
    public CommunicationEntity() { }
    public CommunicationEntity(string addresseeId, string slug) => SetKeys(StorageKeys.Communication(addresseeId, slug));

    public string Reference { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Summary { get; set; } = "";
    /// <summary>JSON array of mandate names.</summary>
    public string Mandates { get; set; } = "[]";
    public string SentOn { get; set; } = "";
    public int ReplyWindowDays { get; set; }
    public string TimeZone { get; set; } = "";
    public DateTimeOffset ClosesAt { get; set; }
    public string WindowRule { get; set; } = "";
    /// <summary>JSON of the stored letter document.</summary>
    public string Letter { get; set; } = "";
    public string? PublicVersion { get; set; }
    public string? CaseId { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public string RegisteredBy { get; set; } = "";
    public DateTimeOffset? FirstReplyAt { get; set; }
    public int ReplyCount { get; set; }
    /// <summary>Replies kept off the public site; absent (0) on rows written before it existed.</summary>
    public int WithheldReplyCount { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

public sealed class SlugClaimEntity : EntityBase
{
    public SlugClaimEntity() { }
    public SlugClaimEntity(string slug, string addresseeId)
    {
        SetKeys(StorageKeys.CommunicationSlug(slug));
        AddresseeId = addresseeId;
    }

    public string AddresseeId { get; set; } = "";
}

public sealed class DeadlineEntity : EntityBase
{
    public DeadlineEntity() { }
    public DeadlineEntity(DateTimeOffset closesAt, string slug, string addresseeId)
    {
        SetKeys(StorageKeys.Deadline(closesAt, slug));
        ClosesAt = closesAt;
        AddresseeId = addresseeId;
    }

    public DateTimeOffset ClosesAt { get; set; }
    public string AddresseeId { get; set; } = "";
}

public sealed class AddresseeEntity : EntityBase
{
    public AddresseeEntity() { }
    public AddresseeEntity(string id) => SetKeys(StorageKeys.Addressee(id));

    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? PreferredLanguage { get; set; }
}

public sealed class ContactEntity : EntityBase
{
    public ContactEntity() { }
    public ContactEntity(string addresseeId, string email) => SetKeys(StorageKeys.Contact(addresseeId, email));

    public string Name { get; set; } = "";
    public string? Language { get; set; }
}

public sealed class MemberEntity : EntityBase
{
    public MemberEntity() { }
    public MemberEntity(string addresseeId, string userId) => SetKeys(StorageKeys.Member(addresseeId, userId));

    public string DisplayName { get; set; } = "";
}

public sealed class MembershipEntity : EntityBase
{
    public MembershipEntity() { }
    public MembershipEntity(string userId, string addresseeId)
    {
        SetKeys(StorageKeys.Membership(userId));
        AddresseeId = addresseeId;
    }

    public string AddresseeId { get; set; } = "";
}

public sealed class CaseEntity : EntityBase
{
    public CaseEntity() { }
    public CaseEntity(string id) => SetKeys(StorageKeys.Case(id));

    public string Title { get; set; } = "";
    public string Slugs { get; set; } = "[]";
    public DateTimeOffset RegisteredAt { get; set; }
}

public sealed class MandateEntity : EntityBase
{
    public MandateEntity() { }
    public MandateEntity(string id) => SetKeys(StorageKeys.Mandate(id));

    public string Name { get; set; } = "";
}

public sealed class EventEntity : EntityBase
{
    public EventEntity() { }
    public EventEntity(string slug, DateTimeOffset at, Guid id)
    {
        SetKeys(StorageKeys.Event(slug, at, id));
        At = at;
    }

    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Data { get; set; } = "{}";
}
