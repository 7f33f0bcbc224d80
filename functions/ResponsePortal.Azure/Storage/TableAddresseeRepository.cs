using Azure.Data.Tables;
using ResponsePortal.Addressees;

namespace ResponsePortal.Azure.Storage;

public sealed class TableAddresseeRepository(TableServiceClient tables) : IAddresseeRepository
{
    private readonly TableClient _addressees = tables.GetTableClient(StorageNames.AddresseesTable);
    private readonly TableClient _contacts = tables.GetTableClient(StorageNames.ContactsTable);
    private readonly TableClient _members = tables.GetTableClient(StorageNames.MembersTable);
    private readonly TableClient _memberships = tables.GetTableClient(StorageNames.MembershipsTable);

    public async Task<Addressee?> FindAsync(string id, CancellationToken cancellationToken)
        => await _addressees.FindAsync<AddresseeEntity>(StorageKeys.Addressee(id), cancellationToken) is { } e ? EntityMapping.ToDomain(e) : null;

    public async Task<IReadOnlyList<Addressee>> ListAsync(CancellationToken cancellationToken)
        => (await _addressees.ListAsync<AddresseeEntity>(TableExtensions.PartitionFilter("addressee"), cancellationToken)).Select(EntityMapping.ToDomain).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

    public Task SaveAsync(Addressee addressee, CancellationToken cancellationToken)
        => _addressees.UpsertEntityAsync(EntityMapping.ToEntity(addressee), TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<Contact>> ListContactsAsync(string addresseeId, CancellationToken cancellationToken)
        => (await _contacts.ListAsync<ContactEntity>(TableExtensions.PartitionFilter(addresseeId), cancellationToken)).Select(EntityMapping.ToDomain).ToList();

    public Task SaveContactAsync(Contact contact, CancellationToken cancellationToken)
        => _contacts.UpsertEntityAsync(new ContactEntity(contact.AddresseeId, contact.Email) { Name = contact.Name, Language = contact.Language }, TableUpdateMode.Replace, cancellationToken);

    public Task<bool> RemoveContactAsync(string addresseeId, string email, CancellationToken cancellationToken)
        => _contacts.TryDeleteAsync(StorageKeys.Contact(addresseeId, email), cancellationToken);

    public async Task<IReadOnlyList<Member>> ListMembersAsync(string addresseeId, CancellationToken cancellationToken)
        => (await _members.ListAsync<MemberEntity>(TableExtensions.PartitionFilter(addresseeId), cancellationToken)).Select(EntityMapping.ToDomain).ToList();

    public async Task SaveMemberAsync(Member member, CancellationToken cancellationToken)
    {
        // Membership first: it is what sign-in reads, and it refuses a user who already acts for another addressee.
        await _memberships.UpsertEntityAsync(new MembershipEntity(member.UserId, member.AddresseeId), TableUpdateMode.Replace, cancellationToken);
        await _members.UpsertEntityAsync(new MemberEntity(member.AddresseeId, member.UserId) { DisplayName = member.DisplayName }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> RemoveMemberAsync(string addresseeId, string userId, CancellationToken cancellationToken)
    {
        var membership = await _memberships.FindAsync<MembershipEntity>(StorageKeys.Membership(userId), cancellationToken);
        if (membership?.AddresseeId == addresseeId)
        {
            await _memberships.TryDeleteAsync(StorageKeys.Membership(userId), cancellationToken);
        }
        return await _members.TryDeleteAsync(StorageKeys.Member(addresseeId, userId), cancellationToken);
    }

    public async Task<string?> FindMembershipAsync(string userId, CancellationToken cancellationToken)
        => (await _memberships.FindAsync<MembershipEntity>(StorageKeys.Membership(userId), cancellationToken))?.AddresseeId;
}
