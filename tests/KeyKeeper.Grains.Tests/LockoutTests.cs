using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Grains;

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
            Assert.Null(await user.Grain.TryLoginAsync("a wrong password guess"));
        }

        var locked = await Assert.ThrowsAsync<TooManyAttemptsException>(() => user.Grain.TryLoginAsync(TestUsers.Password));
        Assert.InRange(locked.RetryAfter, TimeSpan.FromMilliseconds(1), ClusterFixture.FirstLockout);
        // The lock is in the stored state: a new activation (another silo, a restart) keeps it.
        await fixture.DeactivateAllAsync();
        await Assert.ThrowsAsync<TooManyAttemptsException>(() => user.Grain.TryLoginAsync(TestUsers.Password));
        await Assert.ThrowsAsync<TooManyAttemptsException>(() => user.Grain.ChangePasswordAsync(user.Credentials, TestUsers.Password, "another fine password 77"));

        await Task.Delay(locked.RetryAfter + TimeSpan.FromMilliseconds(200));
        Assert.NotNull(await user.Grain.TryLoginAsync(TestUsers.Password));
        // A success clears the count: the next wrong password is answered, not locked.
        Assert.Null(await user.Grain.TryLoginAsync("a wrong password guess"));
        var audit = await user.GetAuditAsync();
        Assert.Equal(FreeAttempts + 1, audit.Items.Count(entry => entry.Action == AuditAction.AuthenticationFailed));
    }

    [Fact]
    public async Task EachFurtherFailureAfterALockDoublesTheLock()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Null(await user.Grain.TryLoginAsync("a wrong password guess"));
        }

        var first = await Assert.ThrowsAsync<TooManyAttemptsException>(() => user.Grain.TryLoginAsync("a wrong password guess"));
        await Task.Delay(first.RetryAfter + TimeSpan.FromMilliseconds(100));
        Assert.Null(await user.Grain.TryLoginAsync("a wrong password guess"));

        var second = await Assert.ThrowsAsync<TooManyAttemptsException>(() => user.Grain.TryLoginAsync(TestUsers.Password));
        Assert.InRange(second.RetryAfter, ClusterFixture.FirstLockout, ClusterFixture.FirstLockout * 2);
    }

    [Fact]
    public async Task AnUnknownUserIsLockedTheSameWaySoLockoutsDoNotTellWhichNamesExist()
    {
        var nobody = fixture.Grains.GetUserKeysGrain($"nobody-{Guid.NewGuid():N}");
        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Null(await nobody.TryLoginAsync("a wrong password guess"));
        }

        await Assert.ThrowsAsync<TooManyAttemptsException>(() => nobody.TryLoginAsync(TestUsers.Password));
    }

    [Fact]
    public async Task WrongTwoFactorCodesCountTowardsTheLock()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        Assert.NotNull(await user.Grain.ConfirmTwoFactorAsync(user.Credentials, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow)));

        for (var i = 0; i < FreeAttempts; i++)
        {
            Assert.Equal(LoginStatus.InvalidCode, (await user.Grain.LoginAsync(new LoginAttempt(TestUsers.Password, "aaaaa-aaaaa", null))).Status);
        }

        await Assert.ThrowsAsync<TooManyAttemptsException>(() => user.Grain.LoginAsync(
            new LoginAttempt(TestUsers.Password, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow.AddSeconds(30)), null)));
    }
}
