using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Silo.Accounts;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Tests;

/// <summary>
/// Every wrong password costs one PBKDF2 check, whatever kind of hash (or none) stands behind the
/// name, so timing tells neither which accounts are legacy nor which names exist. The benchmark
/// prints the medians of real and unknown names' wrong logins.
/// </summary>
public sealed class PasswordHasherTests
{
    private const string RightPassword = "the right password 42";

    private readonly CountingHasher _identity = new();

    [Fact]
    public void AWrongPasswordAgainstALegacyHashRunsOnePbkdf2CheckAsAnIdentityHashDoes()
    {
        var hasher = new LegacyAwarePasswordHasher(_identity);
        var account = new UserAccount("someone", null, "", DateTimeOffset.UtcNow);
        var identityHash = hasher.HashPassword(account, RightPassword);
        var legacyHash = LegacyAwarePasswordHasher.LegacyHash(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RightPassword))));

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(account, identityHash, "a wrong password guess"));
        Assert.Equal(1, _identity.Checks);
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(account, legacyHash, "a wrong password guess"));
        Assert.Equal(2, _identity.Checks);
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hasher.VerifyHashedPassword(account, legacyHash, RightPassword));
    }

    [Fact]
    public void ALoginForANameWithoutAnAccountRunsOnePbkdf2Check()
    {
        var user = new TestUser(hasher: new LegacyAwarePasswordHasher(_identity));

        Assert.Equal(PasswordVerificationResult.Failed, user.Domain.Account.Verify(user.State, RightPassword));
        Assert.Equal(1, _identity.Checks);
    }

    private sealed class CountingHasher : IPasswordHasher<UserAccount>
    {
        private readonly PasswordHasher<UserAccount> _inner = new();

        public int Checks { get; private set; }

        public string HashPassword(UserAccount user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
        {
            Checks++;
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
