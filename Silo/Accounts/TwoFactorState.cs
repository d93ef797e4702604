namespace KeyKeeper.Silo.Accounts;

/// <summary>
/// The TOTP secret, sealed with the user's data key, and the hashes of the unused recovery codes.
/// <see cref="LastUsedStep"/> is the time step of the last code accepted: only a later step is
/// accepted, so a code seen once cannot be replayed.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorState")]
public sealed record TwoFactorState(
    [property: Id(0)] byte[] SealedSecret,
    [property: Id(1)] DateTimeOffset? EnabledAt,
    [property: Id(2)] IReadOnlyList<string> RecoveryCodeHashes,
    [property: Id(3)] long LastUsedStep)
{
    public bool IsEnabled => EnabledAt is not null;
}
