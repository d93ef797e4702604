namespace KeyKeeper.Grains.Abstractions;

/// <summary>A login: the password, the authentication code when the account has 2FA, and where it came from.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginAttempt")]
public sealed record LoginAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? ClientAddress);
