namespace ResponsePortal.Communications;

/// <summary>An entry of the deadline index: a window that closes at <see cref="ClosesAt"/>.</summary>
public sealed record DeadlineEntry(DateTimeOffset ClosesAt, string Slug, string AddresseeId);

public interface ICommunicationRepository
{
    /// <summary>Adds a new communication; false when its reference is already registered.</summary>
    Task<bool> TryAddAsync(Communication communication, CancellationToken cancellationToken);

    Task<Communication?> FindAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Reads only inside the addressee's own partition, so another addressee's letter is simply not there.</summary>
    Task<Communication?> FindForAddresseeAsync(string addresseeId, string slug, CancellationToken cancellationToken);

    Task<IReadOnlyList<Communication>> ListForAddresseeAsync(string addresseeId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Communication>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Windows closing in [from, to), read from the deadline index only.</summary>
    Task<IReadOnlyList<DeadlineEntry>> ListClosingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Saves recorded facts; false when someone else changed the communication since it was read.</summary>
    Task<bool> TryUpdateAsync(Communication communication, CancellationToken cancellationToken);
}

public interface ICaseRepository
{
    Task<bool> TryAddAsync(Case @case, CancellationToken cancellationToken);
    Task<Case?> FindAsync(string id, CancellationToken cancellationToken);
}

public interface IMandateRepository
{
    Task SaveAsync(Mandate mandate, CancellationToken cancellationToken);
    Task<IReadOnlyList<Mandate>> ListAsync(CancellationToken cancellationToken);
}
