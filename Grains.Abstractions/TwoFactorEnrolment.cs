namespace KeyKeeper.Grains.Abstractions;

/// <summary>A 2FA enrolment waiting for its first code: the secret to put into an authenticator app.</summary>
/// <param name="Secret">The base32 TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s).</param>
/// <param name="OtpAuthUri">The same as an <c>otpauth://totp/…</c> URI, for a QR code.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorEnrolment")]
public sealed record TwoFactorEnrolment(
    [property: Id(0)] string Secret,
    [property: Id(1)] string OtpAuthUri);
