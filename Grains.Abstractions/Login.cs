namespace KeyKeeper.Grains.Abstractions;

/// <summary>A login: the password, the authentication code when the account has 2FA, and where it came from.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginAttempt")]
public sealed record LoginAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? ClientAddress);

/// <summary>
/// Proof that the password was right, for the code step of a login in two steps: single-use and
/// short-lived, and only its hash is stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginChallenge")]
public sealed record LoginChallenge(
    [property: Id(0)] string Secret,
    [property: Id(1)] DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"LoginChallenge {{ ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>Either signed in, or the password was right and the account's 2FA wants a code for <see cref="CodeNeeded"/>.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginProgress")]
public sealed record LoginProgress(
    [property: Id(0)] IssuedToken? Token,
    [property: Id(1)] LoginChallenge? CodeNeeded);

/// <summary>The second step of a login: the challenge the first step answered, and the code.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginCodeStep")]
public sealed record LoginCodeStep(
    [property: Id(0)] string Challenge,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? ClientAddress)
{
    public override string ToString() => $"LoginCodeStep {{ ClientAddress = {ClientAddress} }}";
}
