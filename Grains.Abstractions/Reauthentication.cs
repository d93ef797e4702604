namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The password again, and a current (or recovery) code when 2FA is on: what a change that mints
/// lasting access (an app token, turning 2FA on) asks for, so a stolen session alone cannot make one.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.Reauthentication")]
public sealed record Reauthentication(
    [property: Id(0)] string? Password,
    [property: Id(1)] string? Code);
