namespace KeyKeeper.Grains.Abstractions;

/// <summary>Whether 2FA is on, and how many recovery codes are left.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorStatus")]
public sealed record TwoFactorStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] bool EnrolmentPending,
    [property: Id(2)] int RecoveryCodesLeft);
