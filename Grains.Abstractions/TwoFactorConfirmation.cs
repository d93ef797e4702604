namespace KeyKeeper.Grains.Abstractions;

/// <param name="RecoveryCodes">One-time codes that stand in for the authenticator; shown this once.</param>
/// <param name="AppTokensRevoked">The app tokens revoked with the change: apps must be given new ones.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorConfirmation")]
public sealed record TwoFactorConfirmation(
    [property: Id(0)] IReadOnlyList<string> RecoveryCodes,
    [property: Id(1)] int AppTokensRevoked);
