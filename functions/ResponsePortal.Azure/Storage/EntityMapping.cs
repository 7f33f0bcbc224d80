using System.Globalization;
using System.Text.Json;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;

namespace ResponsePortal.Azure.Storage;

/// <summary>The one place where storage entities become domain types and back.</summary>
public static class EntityMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CommunicationEntity ToEntity(Communication c) => new(c.AddresseeId, c.Slug)
    {
        Reference = c.Reference.ToString(),
        Subject = c.Subject,
        Summary = c.Summary,
        Mandates = JsonSerializer.Serialize(c.Mandates, Json),
        SentOn = c.Window.SentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReplyWindowDays = c.Window.Days,
        TimeZone = c.Window.TimeZoneId,
        ClosesAt = c.Window.ClosesAt,
        WindowRule = c.Window.RuleVersion,
        Letter = JsonSerializer.Serialize(c.Letter, Json),
        PublicVersion = c.PublicVersion is null ? null : JsonSerializer.Serialize(c.PublicVersion, Json),
        CaseId = c.CaseId,
        RegisteredAt = c.RegisteredAt,
        RegisteredBy = c.RegisteredBy,
        FirstReplyAt = c.FirstReplyAt,
        ReplyCount = c.ReplyCount,
        WithheldReplyCount = c.WithheldReplyCount,
        PublishedAt = c.PublishedAt,
        ETag = c.ConcurrencyToken is null ? default : new global::Azure.ETag(c.ConcurrencyToken),
    };

    public static Communication ToDomain(CommunicationEntity e)
    {
        if (!Reference.TryParse(e.Reference, out var reference, out var error))
        {
            throw new InvalidDataException($"Stored communication {e.RowKey} has an invalid reference: {error}");
        }
        var window = new ReplyWindow(DateOnly.ParseExact(e.SentOn, "yyyy-MM-dd", CultureInfo.InvariantCulture), e.ReplyWindowDays, e.TimeZone, e.ClosesAt, e.WindowRule);
        var registered = new Communication
        {
            Reference = reference,
            AddresseeId = e.PartitionKey,
            Subject = e.Subject,
            Summary = e.Summary,
            Mandates = JsonSerializer.Deserialize<List<string>>(e.Mandates, Json) ?? [],
            Window = window,
            Letter = JsonSerializer.Deserialize<StoredDocument>(e.Letter, Json)!,
            CaseId = e.CaseId,
            RegisteredAt = e.RegisteredAt,
            RegisteredBy = e.RegisteredBy,
        };
        var publicVersion = e.PublicVersion is null ? null : JsonSerializer.Deserialize<StoredDocument>(e.PublicVersion, Json);
        return Communication.Restore(registered, e.FirstReplyAt, e.ReplyCount, e.PublishedAt, publicVersion, e.ETag.ToString(), e.WithheldReplyCount);
    }

    public static Addressee ToDomain(AddresseeEntity e)
        => new(e.RowKey, Enum.Parse<AddresseeKind>(e.Kind), e.Name, e.PreferredLanguage) { ConcurrencyToken = e.ETag.ToString() };

    public static AddresseeEntity ToEntity(Addressee a) => new(a.Id) { Kind = a.Kind.ToString(), Name = a.Name, PreferredLanguage = a.PreferredLanguage };

    public static Contact ToDomain(ContactEntity e) => new(e.PartitionKey, e.RowKey, e.Name, e.Language);

    public static Member ToDomain(MemberEntity e) => new(e.PartitionKey, e.RowKey, e.DisplayName);

    public static Case ToDomain(CaseEntity e) => new(e.RowKey, e.Title, JsonSerializer.Deserialize<List<string>>(e.Slugs, Json) ?? [], e.RegisteredAt);

    public static CaseEntity ToEntity(Case c) => new(c.Id) { Title = c.Title, Slugs = JsonSerializer.Serialize(c.Slugs, Json), RegisteredAt = c.RegisteredAt };

    public static EventEntity ToEntity(CommunicationEvent e, Guid id)
        => new(e.Slug, e.At, id) { Kind = e.Kind, Actor = e.Actor, Data = JsonSerializer.Serialize(e.Data, Json) };

    public static CommunicationEvent ToDomain(EventEntity e)
        => new(e.PartitionKey, e.At, e.Kind, e.Actor, JsonSerializer.Deserialize<Dictionary<string, string>>(e.Data, Json) ?? []);
}
