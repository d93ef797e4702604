using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Accounts;

/// <summary>
/// A legacy match asks for a rehash, so the first successful login replaces the legacy hash with
/// Identity's. A legacy check also runs one PBKDF2 check of a decoy, so it costs what any other does:
/// timing tells neither which accounts are legacy nor which names exist.
/// </summary>
public sealed class LegacyAwarePasswordHasher(IPasswordHasher<UserAccount> identity) : IPasswordHasher<UserAccount>
{
    public const string LegacyPrefix = "legacy-sha256:";

    /// <summary>An Identity hash of a random password nobody knows, checked where there is no real hash to check.</summary>
    public static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    public LegacyAwarePasswordHasher()
        : this(new PasswordHasher<UserAccount>())
    {
    }

    public static string LegacyHash(string sha256Hex) => LegacyPrefix + sha256Hex.ToLowerInvariant();

    public string HashPassword(UserAccount user, string password) => identity.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        if (!hashedPassword.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return identity.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }

        identity.VerifyHashedPassword(user, DecoyHash.Value, providedPassword);
        var expected = Encoding.ASCII.GetBytes(hashedPassword[LegacyPrefix.Length..]);
        var actual = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(providedPassword))));
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Failed;
    }
}
