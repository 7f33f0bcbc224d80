namespace ResponsePortal.Addressees;

public enum AddresseeKind
{
    State,
    Company,
    Other,
}

/// <summary>A State (its id is the ISO 3166-1 alpha-3 code) or a company or other body (its own id, code OTH in references).</summary>
public sealed record Addressee(string Id, AddresseeKind Kind, string Name, string? PreferredLanguage)
{
    public string ReferenceCode => Kind == AddresseeKind.State ? Id : Communications.Reference.OtherAddresseeCode;

    public string? ConcurrencyToken { get; init; }
}

/// <summary>A mailbox that receives reminders for an addressee.</summary>
public sealed record Contact(string AddresseeId, string Email, string Name, string? Language);

/// <summary>A signed-in user who acts for an addressee.</summary>
public sealed record Member(string AddresseeId, string UserId, string DisplayName);
