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

/// <summary>How a login ended; a token only when it succeeded.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginResult")]
public sealed record LoginResult(
    [property: Id(0)] LoginStatus Status,
    [property: Id(1)] IssuedToken? Token)
{
    public static readonly LoginResult Failed = new(LoginStatus.Failed, null);
    public static readonly LoginResult TwoFactorRequired = new(LoginStatus.TwoFactorRequired, null);
    public static readonly LoginResult InvalidCode = new(LoginStatus.InvalidCode, null);
}

[GenerateSerializer, Alias("keykeeper.LoginStatus")]
public enum LoginStatus
{
    Succeeded = 0,

    /// <summary>Unknown account or wrong password; which one is never told.</summary>
    Failed = 1,

    /// <summary>The password was right and the account has 2FA: send the code too.</summary>
    TwoFactorRequired = 2,

    /// <summary>The password was right and the code was wrong, expired or already used.</summary>
    InvalidCode = 3,
}
