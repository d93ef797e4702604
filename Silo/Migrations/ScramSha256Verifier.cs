using System.Security.Cryptography;
using System.Text;

namespace KeyKeeper.Silo.Migrations;

/// <summary>
/// A password in the form PostgreSQL stores for SCRAM-SHA-256 logins (RFC 5802, RFC 7677). The
/// migrator sends this instead of the password, as psql's <c>\password</c> does, so the password
/// never reaches the server, its statement log or <c>pg_stat_activity</c>.
/// </summary>
public static class ScramSha256Verifier
{
    // PostgreSQL's own default (scram_iterations).
    private const int Iterations = 4096;
    private const int SaltLength = 16;

    public static string Create(string password)
    {
        // PostgreSQL normalizes a non-ASCII password (SASLprep) before hashing; printable ASCII is the same either way.
        if (password.Length == 0 || password.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException("A service role's password must be printable ASCII without spaces.", nameof(password));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(saltedPassword, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
