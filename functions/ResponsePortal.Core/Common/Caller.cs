namespace ResponsePortal.Common;

public enum CallerRole
{
    Secretariat,
    Addressee,
}

/// <summary>Who is asking: a signed-in secretariat officer, or a member of one addressee.</summary>
public sealed record Caller(string UserId, string DisplayName, CallerRole Role, string? AddresseeId)
{
    public bool IsSecretariat => Role == CallerRole.Secretariat;

    public static Caller Secretariat(string userId, string displayName) => new(userId, displayName, CallerRole.Secretariat, null);

    public static Caller MemberOf(string addresseeId, string userId, string displayName) => new(userId, displayName, CallerRole.Addressee, addresseeId);

    /// <summary>The system itself (intake, sweeps, seeding) when it acts without a person.</summary>
    public static Caller System(string name) => new($"system:{name}", name, CallerRole.Secretariat, null);
}
