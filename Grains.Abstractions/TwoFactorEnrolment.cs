namespace KeyKeeper.Grains.Abstractions;

/// <summary>A 2FA enrolment waiting for its first code: the secret to put into an authenticator app.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorEnrolment")]
public sealed record TwoFactorEnrolment(
    [property: Id(0)] string Secret,
    [property: Id(1)] string OtpAuthUri);
