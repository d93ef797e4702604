namespace KeyKeeper.Grains.Abstractions;

/// <summary>A login: the password, the authentication code when the account has 2FA, and where it came from.</summary>
/// <param name="Password">The account's password.</param>
/// <param name="Code">A current TOTP code or an unused recovery code; required once 2FA is on.</param>
/// <param name="ClientAddress">The client's address, for the audit trail.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginAttempt")]
public sealed record LoginAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? ClientAddress);
