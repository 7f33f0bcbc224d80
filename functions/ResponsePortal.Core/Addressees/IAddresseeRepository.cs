namespace ResponsePortal.Addressees;

public interface IAddresseeRepository
{
    Task<Addressee?> FindAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Addressee>> ListAsync(CancellationToken cancellationToken);
    Task SaveAsync(Addressee addressee, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contact>> ListContactsAsync(string addresseeId, CancellationToken cancellationToken);
    Task SaveContactAsync(Contact contact, CancellationToken cancellationToken);
    Task<bool> RemoveContactAsync(string addresseeId, string email, CancellationToken cancellationToken);

    Task<IReadOnlyList<Member>> ListMembersAsync(string addresseeId, CancellationToken cancellationToken);
    Task SaveMemberAsync(Member member, CancellationToken cancellationToken);
    Task<bool> RemoveMemberAsync(string addresseeId, string userId, CancellationToken cancellationToken);

    /// <summary>The addressee a signed-in user acts for, from the membership table; null when none.</summary>
    Task<string?> FindMembershipAsync(string userId, CancellationToken cancellationToken);
}
