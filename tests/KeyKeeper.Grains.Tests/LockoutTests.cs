using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class LockoutTests(ClusterFixture fixture)
{
    private static readonly int FreeAttempts = new AccountSecurityOptions().FreeAttempts;

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOneAndTheLockSurvivesReactivation()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails("a wrong password guess"));
        }

        var locked = await AssertLocked(() => user.Grain.LoginAsync(TestUsers.Password));
        Assert.InRange(locked, TimeSpan.FromMilliseconds(1), ClusterFixture.FirstLockout);
        // The lock is in the stored state: a new activation (another silo, a restart) keeps it.
        await fixture.DeactivateAllAsync();
        await AssertLocked(() => user.Grain.LoginAsync(TestUsers.Password));
        await AssertLocked(() => user.Grain.ChangePasswordAsync(user.Credentials, TestUsers.Password, "another fine password 77"));

        await Task.Delay(locked + TimeSpan.FromMilliseconds(200));
        await user.Grain.LoginAsync(TestUsers.Password);
        // A success clears the count: the next wrong password is answered, not locked.
        Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails("a wrong password guess"));
        var audit = await user.GetAuditAsync();
        Assert.Equal(FreeAttempts + 1, audit.Items.Count(entry => entry.Action == AuditAction.AuthenticationFailed));
    }

    [Fact]
    public async Task EachFurtherFailureAfterALockDoublesTheLock()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails("a wrong password guess"));
        }

        var first = await AssertLocked(() => user.Grain.LoginAsync("a wrong password guess"));
        await Task.Delay(first + TimeSpan.FromMilliseconds(100));
        Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails("a wrong password guess"));

        var second = await AssertLocked(() => user.Grain.LoginAsync(TestUsers.Password));
        Assert.InRange(second, ClusterFixture.FirstLockout, ClusterFixture.FirstLockout * 2);
    }

    [Fact]
    public async Task AnUnknownUserIsLockedTheSameWaySoLockoutsDoNotTellWhichNamesExist()
    {
        var nobody = fixture.Grains.GetUserKeysGrain($"nobody-{Guid.NewGuid():N}");
        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Equal(LoginRefusal.WrongPassword, await nobody.AssertLoginFails("a wrong password guess"));
        }

        await AssertLocked(() => nobody.LoginAsync(TestUsers.Password));
    }

    [Fact]
    public async Task AnUnknownNamesLockHoldsAfterItsGrainLeftMemory()
    {
        var name = $"nobody-{Guid.NewGuid():N}";
        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Equal(LoginRefusal.WrongPassword, await fixture.Grains.GetUserKeysGrain(name).AssertLoginFails("a wrong password guess"));
            await fixture.DeactivateAllAsync();
        }

        // The count lives in the database under a hash of the name, never the name itself.
        Assert.Empty(await fixture.Postgres.QueryAsync(ClusterFixture.Database, $"SELECT 1 FROM unknown_name_throttle WHERE name_hash::text LIKE '%{name}%'"));
        await AssertLocked(() => fixture.Grains.GetUserKeysGrain(name).LoginAsync(TestUsers.Password));
    }

    [Fact]
    public async Task WrongTwoFactorCodesCountTowardsTheLock()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        Assert.NotEmpty((await user.Grain.ConfirmTwoFactorAsync(user.Credentials, TestUsers.Password, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow))).RecoveryCodes);

        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Equal(LoginRefusal.WrongCode, await user.Grain.AssertLoginFails(TestUsers.Password, "aaaaa-aaaaa"));
        }

        await AssertLocked(() => user.Grain.LoginAsync(TestUsers.Password, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow.AddSeconds(30))));
    }

    /// <summary>Asserts that the call is refused while the account is locked; returns how long the lock lasts.</summary>
    private static async Task<TimeSpan> AssertLocked(Func<Task> call) =>
        Assert.NotNull((await AssertFails(FailureCode.TooManyAttempts, call)).RetryAfter);
}
