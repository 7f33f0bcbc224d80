using System.Text.RegularExpressions;
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

/// <summary>The secretariat's register of addressees, their mailboxes and their signed-in members.</summary>
public sealed partial class AddresseeDirectory(IAddresseeRepository addressees)
{
    public Task<IReadOnlyList<Addressee>> ListAsync(CancellationToken cancellationToken) => addressees.ListAsync(cancellationToken);

    public async Task<Outcome<Addressee>> GetAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(id, cancellationToken) is { } found ? found : NotFound(id);

    /// <summary>An id that cannot be a storage key names no addressee: not found, without asking storage.</summary>
    private async Task<Addressee?> FindAsync(string id, CancellationToken cancellationToken)
        => StorageIds.CanBeKey(id) ? await addressees.FindAsync(id, cancellationToken) : null;

    private static Problem NotFound(string id) => Problem.NotFound("addressee " + TextRules.Shown(id));

    public async Task<Outcome<Addressee>> SaveAsync(string id, AddresseeDraft draft, CancellationToken cancellationToken)
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
        await addressees.SaveAsync(addressee, cancellationToken);
        return addressee;
    }

    public async Task<Outcome<IReadOnlyList<Contact>>> ListContactsAsync(string addresseeId, CancellationToken cancellationToken)
        => await FindAsync(addresseeId, cancellationToken) is null
            ? NotFound(addresseeId)
            : Outcome(await addressees.ListContactsAsync(addresseeId, cancellationToken));

    public async Task<Outcome<Contact>> SaveContactAsync(string addresseeId, string email, ContactDraft draft, CancellationToken cancellationToken)
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
        await addressees.SaveContactAsync(contact, cancellationToken);
        return contact;
    }

    public async Task<Outcome<bool>> RemoveContactAsync(string addresseeId, string email, CancellationToken cancellationToken)
        => StorageIds.CanBeKey(addresseeId) && StorageIds.CanBeKey(email) && await addressees.RemoveContactAsync(addresseeId, email.ToLowerInvariant(), cancellationToken)
            ? true
            : Problem.NotFound($"contact {TextRules.Shown(email)} of {TextRules.Shown(addresseeId)}");

    public async Task<Outcome<IReadOnlyList<Member>>> ListMembersAsync(string addresseeId, CancellationToken cancellationToken)
        => await FindAsync(addresseeId, cancellationToken) is null
            ? NotFound(addresseeId)
            : Outcome(await addressees.ListMembersAsync(addresseeId, cancellationToken));

    public async Task<Outcome<Member>> SaveMemberAsync(string addresseeId, string userId, MemberDraft draft, CancellationToken cancellationToken)
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
        await addressees.SaveMemberAsync(member, cancellationToken);
        return member;
    }

    public async Task<Outcome<bool>> RemoveMemberAsync(string addresseeId, string userId, CancellationToken cancellationToken)
        => StorageIds.CanBeKey(addresseeId) && StorageIds.CanBeKey(userId) && await addressees.RemoveMemberAsync(addresseeId, userId, cancellationToken)
            ? true
            : Problem.NotFound($"member {TextRules.Shown(userId)} of {TextRules.Shown(addresseeId)}");

    private static Outcome<T> Outcome<T>(T value) => value;

    // \z, not $: $ also matches before a final line break ("acme\n" is no id).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,39}\z")]
    private static partial Regex CompanyIdPattern();

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z]{2,4})?\z")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,64}\z")]
    private static partial Regex UserIdPattern();
}
