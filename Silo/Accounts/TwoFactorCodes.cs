using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using OtpNet;

namespace KeyKeeper.Silo.Accounts;

public static class TwoFactorCodes
{
    public const int MinSecretBytes = 10;
    private const int SecretBytes = 20;
    private static readonly VerificationWindow ClockDrift = new(previous: 1, future: 1);

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret);

    public static bool TryParseBase32(string base32, out byte[] secret)
    {
        try
        {
            secret = Base32Encoding.ToBytes(base32.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd('='));
            return secret.Length >= MinSecretBytes;
        }
        catch (ArgumentException)
        {
            secret = [];
            return false;
        }
    }

    public static string OtpAuthUri(byte[] secret, string account, string issuer) =>
        new OtpUri(OtpType.Totp, secret, account, issuer).ToString();

    public static bool TryMatchTotp(byte[] secret, string code, DateTimeOffset now, long lastUsedStep, out long step)
    {
        step = 0;
        if (!AuthenticationCode.IsTotp(code))
        {
            return false;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(now.UtcDateTime, code, out step, ClockDrift) && step > lastUsedStep;
    }

    public static (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) NewRecoveryCodes(int count)
    {
        var codes = Enumerable.Range(0, count)
            .Select(_ => RandomNumberGenerator.GetString(AuthenticationCode.RecoveryAlphabet, AuthenticationCode.RecoveryCodeLength))
            .ToList();
        return ([.. codes.Select(code => $"{code[..5]}-{code[5..]}")], [.. codes.Select(HashRecoveryCode)]);
    }

    // 49 random bits, locked out after a few guesses like passwords: a plain SHA-256 is enough.
    public static string HashRecoveryCode(string normalizedCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedCode)));
}
