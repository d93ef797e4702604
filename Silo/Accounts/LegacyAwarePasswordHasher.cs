using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Accounts;

/// <summary>A legacy match asks for a rehash, so the first successful login replaces the legacy hash with Identity's.</summary>
public sealed class LegacyAwarePasswordHasher : IPasswordHasher<UserAccount>
{
    public const string LegacyPrefix = "legacy-sha256:";

    private readonly PasswordHasher<UserAccount> _hasher = new();

    public static string LegacyHash(string sha256Hex) => LegacyPrefix + sha256Hex.ToLowerInvariant();

    public string HashPassword(UserAccount user, string password) => _hasher.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        if (!hashedPassword.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }

        var expected = Encoding.ASCII.GetBytes(hashedPassword[LegacyPrefix.Length..]);
        var actual = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(providedPassword))));
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Failed;
    }
}
