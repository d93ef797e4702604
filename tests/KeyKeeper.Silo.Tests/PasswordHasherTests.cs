using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Silo.Accounts;
using Microsoft.AspNetCore.Identity;
using Xunit.Abstractions;

namespace KeyKeeper.Silo.Tests;

public sealed class PasswordHasherTests(ITestOutputHelper output)
{
    private readonly LegacyAwarePasswordHasher _hasher = new();

    [Fact]
    public void AWrongPasswordAgainstALegacyHashCostsWhatOneAgainstAnIdentityHashCosts()
    {
        var account = new UserAccount("someone", null, "", DateTimeOffset.UtcNow);
        var identityHash = _hasher.HashPassword(account, "the right password 42");
        var legacyHash = LegacyAwarePasswordHasher.LegacyHash(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("the right password 42"))));

        var identity = new List<double>();
        var legacy = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            identity.Add(Time(identityHash));
            legacy.Add(Time(legacyHash));
        }

        var (identityMedian, legacyMedian) = (identity.Order().ElementAt(15), legacy.Order().ElementAt(15));
        output.WriteLine($"median wrong-password check: Identity hash {identityMedian:F2} ms, legacy hash {legacyMedian:F2} ms");
        Assert.InRange(legacyMedian / identityMedian, 0.9, 1.1);
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, _hasher.VerifyHashedPassword(account, legacyHash, "the right password 42"));

        double Time(string hash)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(PasswordVerificationResult.Failed, _hasher.VerifyHashedPassword(account, hash, "a wrong password guess"));
            return clock.Elapsed.TotalMilliseconds;
        }
    }
}
