using System.Text.RegularExpressions;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;

namespace ResponsePortal.Addressees;

public sealed class AddresseeDraft
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? PreferredLanguage { get; set; }
}

public sealed class ContactDraft
{
    public string? Name { get; set; }
    public string? Language { get; set; }
}

public sealed class MemberDraft
{
    public string? DisplayName { get; set; }
}

/// <summary>
/// Kinds of the directory's audit trail. Each entry names what it is about (<c>email</c>, <c>userId</c>) and, for every
/// field that changed, <c>{field}.before</c> (absent on creation) and <c>{field}.after</c> (absent on removal).
/// </summary>
public static class DirectoryEvents
{
    public const string AddresseeCreated = "addressee-created";
    public const string AddresseeChanged = "addressee-changed";
    public const string ContactAdded = "contact-added";
    public const string ContactChanged = "contact-changed";
    public const string ContactRemoved = "contact-removed";
    public const string MemberAdded = "member-added";
    public const string MemberChanged = "member-changed";
    public const string MemberRemoved = "member-removed";

    /// <summary>
    /// An addressee's changes are one partition of the event log, beside the communications' trails. A communication's
    /// slug never holds a tilde, so the two cannot meet.
    /// </summary>
    public static string Trail(string addresseeId) => "directory~" + addresseeId;
}

/// <summary>The secretariat's register of addressees, their mailboxes and their signed-in members; every change is audited.</summary>
public sealed partial class AddresseeDirectory(IAddresseeRepository addressees, IEventLog events, TimeProvider clock)
{
    public Task<IReadOnlyList<Addressee>> ListAsync(CancellationToken cancellationToken) => addressees.ListAsync(cancellationToken);

    public async Task<Outcome<Addressee>> GetAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(id, cancellationToken) is { } found ? found : NotFound(id);

    /// <summary>An id that cannot be a storage key names no addressee: not found, without asking storage.</summary>
    private async Task<Addressee?> FindAsync(string id, CancellationToken cancellationToken)
        => StorageIds.CanBeKey(id) ? await addressees.FindAsync(id, cancellationToken) : null;

    private static Problem NotFound(string id) => Problem.NotFound("addressee " + TextRules.Shown(id));

    /// <summary>Who changed what in an addressee's entry, its contacts and its members, oldest first.</summary>
    public async Task<Outcome<IReadOnlyList<CommunicationEvent>>> ListChangesAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(id, cancellationToken) is null
            ? NotFound(id)
            : Outcome(await events.ListAsync(DirectoryEvents.Trail(id), cancellationToken));

    public async Task<Outcome<Addressee>> SaveAsync(string actor, string id, AddresseeDraft draft, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Enum.TryParse<AddresseeKind>(draft.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            errors.Add("kind", "Kind is State, Company or Other.");
        }
        else if (kind == AddresseeKind.State && !CountryCodes.IsAlpha3(id))
        {
            errors.Add("id", $"A State's id is its ISO 3166-1 alpha-3 code in capitals (USA, ROU, GBR); \"{TextRules.Shown(id)}\" is not one.");
        }
        else if (kind != AddresseeKind.State && !CompanyIdPattern().IsMatch(id))
        {
            errors.Add("id", "A company's or other body's id is 2 to 40 lower-case letters, digits and dashes, such as \"facebook\".");
        }
        var name = draft.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", "A name of 1 to 200 characters is required.");
        }
        errors.Check("name", "The name", name, TextKind.SingleLine);
        if (draft.PreferredLanguage is { } language && !LanguagePattern().IsMatch(language))
        {
            errors.Add("preferredLanguage", "The language is a code such as en, fr or es.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var addressee = new Addressee(id, kind, name, draft.PreferredLanguage);
        var before = StorageIds.CanBeKey(id) ? await addressees.FindAsync(id, cancellationToken) : null;
        await addressees.SaveAsync(addressee, cancellationToken);
        await AuditAsync(actor, id, before is null ? DirectoryEvents.AddresseeCreated : DirectoryEvents.AddresseeChanged, [],
            (Fields(before), Fields(addressee)), cancellationToken);
        return addressee;
    }

    public async Task<Outcome<IReadOnlyList<Contact>>> ListContactsAsync(string addresseeId, CancellationToken cancellationToken)
        => await FindAsync(addresseeId, cancellationToken) is null
            ? NotFound(addresseeId)
            : Outcome(await addressees.ListContactsAsync(addresseeId, cancellationToken));

    public async Task<Outcome<Contact>> SaveContactAsync(string actor, string addresseeId, string email, ContactDraft draft, CancellationToken cancellationToken)
    {
        if (await FindAsync(addresseeId, cancellationToken) is null)
        {
            return NotFound(addresseeId);
        }
        var errors = new ValidationErrors();
        var address = EmailAddresses.Normalize(email, out var emailRefusal);
        if (address is null)
        {
            errors.Add("email", emailRefusal!);
        }
        var name = draft.Name?.Trim() ?? "";
        if (name.Length > 200)
        {
            errors.Add("name", "The contact's name is at most 200 characters.");
        }
        errors.Check("name", "The contact's name", name, TextKind.SingleLine);
        if (draft.Language is { } language && !LanguagePattern().IsMatch(language))
        {
            errors.Add("language", "The language is a code such as en, fr or es.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var contact = new Contact(addresseeId, address!, name, draft.Language);
        var before = (await addressees.ListContactsAsync(addresseeId, cancellationToken)).FirstOrDefault(c => c.Email == contact.Email);
        await addressees.SaveContactAsync(contact, cancellationToken);
        await AuditAsync(actor, addresseeId, before is null ? DirectoryEvents.ContactAdded : DirectoryEvents.ContactChanged, new() { ["email"] = contact.Email },
            (Fields(before), Fields(contact)), cancellationToken);
        return contact;
    }

    public async Task<Outcome<bool>> RemoveContactAsync(string actor, string addresseeId, string email, CancellationToken cancellationToken)
    {
        if (!StorageIds.CanBeKey(addresseeId) || !StorageIds.CanBeKey(email))
        {
            return Problem.NotFound($"contact {TextRules.Shown(email)} of {TextRules.Shown(addresseeId)}");
        }
        var address = email.ToLowerInvariant();
        var before = (await addressees.ListContactsAsync(addresseeId, cancellationToken)).FirstOrDefault(c => c.Email == address);
        if (!await addressees.RemoveContactAsync(addresseeId, address, cancellationToken))
        {
            return Problem.NotFound($"contact {TextRules.Shown(email)} of {TextRules.Shown(addresseeId)}");
        }
        await AuditAsync(actor, addresseeId, DirectoryEvents.ContactRemoved, new() { ["email"] = address }, (Fields(before), []), cancellationToken);
        return true;
    }

    public async Task<Outcome<IReadOnlyList<Member>>> ListMembersAsync(string addresseeId, CancellationToken cancellationToken)
        => await FindAsync(addresseeId, cancellationToken) is null
            ? NotFound(addresseeId)
            : Outcome(await addressees.ListMembersAsync(addresseeId, cancellationToken));

    public async Task<Outcome<Member>> SaveMemberAsync(string actor, string addresseeId, string userId, MemberDraft draft, CancellationToken cancellationToken)
    {
        if (await FindAsync(addresseeId, cancellationToken) is null)
        {
            return NotFound(addresseeId);
        }
        var errors = new ValidationErrors();
        if (!UserIdPattern().IsMatch(userId))
        {
            errors.Add("userId", "A member is named by the user's object id (oid) from sign-in: letters, digits and dashes, at most 64.");
        }
        var displayName = draft.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 200)
        {
            errors.Add("displayName", "A display name of 1 to 200 characters is required.");
        }
        errors.Check("displayName", "The display name", displayName, TextKind.SingleLine);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var existing = await addressees.FindMembershipAsync(userId, cancellationToken);
        if (existing is not null && existing != addresseeId)
        {
            return Problem.Conflict($"This user already acts for {existing}; remove that membership first.");
        }
        var member = new Member(addresseeId, userId, displayName);
        var before = (await addressees.ListMembersAsync(addresseeId, cancellationToken)).FirstOrDefault(m => m.UserId == userId);
        await addressees.SaveMemberAsync(member, cancellationToken);
        await AuditAsync(actor, addresseeId, before is null ? DirectoryEvents.MemberAdded : DirectoryEvents.MemberChanged, new() { ["userId"] = userId },
            (Fields(before), Fields(member)), cancellationToken);
        return member;
    }

    public async Task<Outcome<bool>> RemoveMemberAsync(string actor, string addresseeId, string userId, CancellationToken cancellationToken)
    {
        if (!StorageIds.CanBeKey(addresseeId) || !StorageIds.CanBeKey(userId))
        {
            return Problem.NotFound($"member {TextRules.Shown(userId)} of {TextRules.Shown(addresseeId)}");
        }
        var before = (await addressees.ListMembersAsync(addresseeId, cancellationToken)).FirstOrDefault(m => m.UserId == userId);
        if (!await addressees.RemoveMemberAsync(addresseeId, userId, cancellationToken))
        {
            return Problem.NotFound($"member {TextRules.Shown(userId)} of {TextRules.Shown(addresseeId)}");
        }
        await AuditAsync(actor, addresseeId, DirectoryEvents.MemberRemoved, new() { ["userId"] = userId }, (Fields(before), []), cancellationToken);
        return true;
    }

    private static Dictionary<string, string> Fields(Addressee? a) => a is null ? [] : new()
    {
        ["kind"] = a.Kind.ToString(),
        ["name"] = a.Name,
        ["preferredLanguage"] = a.PreferredLanguage ?? "",
    };

    private static Dictionary<string, string> Fields(Contact? c) => c is null ? [] : new() { ["name"] = c.Name, ["language"] = c.Language ?? "" };

    private static Dictionary<string, string> Fields(Member? m) => m is null ? [] : new() { ["displayName"] = m.DisplayName };

    /// <summary>
    /// One entry per change, with each field that changed before and after. Saving what is already there changes
    /// nothing and is not recorded, so the trail reads as a history, not as a log of clicks.
    /// </summary>
    private async Task AuditAsync(string actor, string addresseeId, string kind, Dictionary<string, string> about,
        (Dictionary<string, string> Before, Dictionary<string, string> After) fields, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(about);
        foreach (var field in fields.Before.Keys.Union(fields.After.Keys))
        {
            var before = fields.Before.GetValueOrDefault(field);
            var after = fields.After.GetValueOrDefault(field);
            if (before == after)
            {
                continue;
            }
            if (before is not null)
            {
                data[field + ".before"] = before;
            }
            if (after is not null)
            {
                data[field + ".after"] = after;
            }
        }
        var removal = kind is DirectoryEvents.ContactRemoved or DirectoryEvents.MemberRemoved;
        if (data.Count == about.Count && !removal)
        {
            return;
        }
        await events.AppendAsync(new CommunicationEvent(DirectoryEvents.Trail(addresseeId), clock.GetUtcNow(), kind, actor, data), cancellationToken);
    }

    private static Outcome<T> Outcome<T>(T value) => value;

    // \z, not $: $ also matches before a final line break ("acme\n" is no id).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,39}\z")]
    private static partial Regex CompanyIdPattern();

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z]{2,4})?\z")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,64}\z")]
    private static partial Regex UserIdPattern();
}
