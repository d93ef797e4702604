using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;

namespace KeyKeeper.Silo.Tests;

public sealed class AccountTests
{
    private readonly TestUser _user = new(
        security: new AccountSecurityOptions { FreeAttempts = 3, FirstLockout = TimeSpan.FromSeconds(30), MaxLockout = TimeSpan.FromMinutes(15) },
        tokens: new BearerTokenOptions { MaxSessionsPerUser = 2 });

    private Account Account => _user.Domain.Account;

    private IssuedToken Login(string password = TestUser.Password, string? code = null) =>
        Account.Login(_user.State, new LoginAttempt(password, code, "203.0.113.7"), _user.Domain.TwoFactor).Result.Unwrap();

    [Fact]
    public void ASignUpNeverReplacesAnExistingAccount()
    {
        var state = _user.SignedUp();
        var hash = state.Account!.PasswordHash;

        TestUser.Refused(FailureCode.Conflict, () => Account.SignUp(state, Account.Hash("another password 123"), email: null));
        Assert.Equal(hash, state.Account.PasswordHash);
    }

    [Fact]
    public void WrongPasswordsLockTheAccountAfterTheFreeAttemptsAndTheLockDoubles()
    {
        _user.SignedUp();
        for (var i = 0; i < 3; i++)
        {
            var failed = TestUser.Refused(FailureCode.LoginFailed, () => Login("wrong password"));
            Assert.False(failed.TwoFactorRequired);
        }

        var locked = TestUser.Refused(FailureCode.TooManyAttempts, () => Login());
        Assert.Equal(TimeSpan.FromSeconds(30), locked.RetryAfter);

        _user.Clock.Advance(TimeSpan.FromSeconds(31));
        TestUser.Refused(FailureCode.LoginFailed, () => Login("wrong again"));
        Assert.Equal(TimeSpan.FromSeconds(60), TestUser.Refused(FailureCode.TooManyAttempts, () => Login()).RetryAfter);

        _user.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.NotNull(Login().Token);
        Assert.Null(_user.State.Throttle);
    }

    [Fact]
    public void AFailedPasswordIsAnAuditedWriteForARealAccount()
    {
        _user.SignedUp();

        var failure = Account.Login(_user.State, new LoginAttempt("wrong password", null, "203.0.113.7"), _user.Domain.TwoFactor);

        Assert.Equal([AuditAction.AuthenticationFailed], failure.Events!.Select(e => e.Action));
        Assert.Equal(1, _user.State.Throttle!.Failures);
    }

    [Fact]
    public void AnUnknownNameIsLockedOutLikeARealOneWithoutAnyWrite()
    {
        for (var i = 0; i < 3; i++)
        {
            var failure = Account.Login(_user.State, new LoginAttempt(TestUser.Password, null, null), _user.Domain.TwoFactor);
            Assert.False(failure.IsWrite);
            Assert.Equal(FailureCode.LoginFailed, failure.Result.Refusal!.Code);
        }

        TestUser.Refused(FailureCode.TooManyAttempts, () => Login());
        Assert.Null(_user.State.Account);
    }

    [Fact]
    public void LoggingInBeyondTheSessionLimitRetiresTheOldestSession()
    {
        _user.SignedUp();
        var first = Login();
        _user.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = Login();
        _user.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = Login();

        Assert.Equal([third.SessionId, second.SessionId], _user.State.Sessions.Values.OrderByDescending(s => s.CreatedAt).Select(s => s.Id));
        Assert.DoesNotContain(_user.State.Sessions.Values, session => session.Id == first.SessionId);
    }

    [Fact]
    public void ChangingThePasswordKeepsOnlyTheCurrentSession()
    {
        _user.SignedUp();
        Login();
        var current = Login();
        var session = _user.State.Sessions.Values.Single(s => s.Id == current.SessionId);

        Account.ChangePassword(_user.State, TestUser.Someone, session, TestUser.Password, "a brand new passphrase 7", _user.Domain.AppTokens).Result.Unwrap();

        Assert.Equal([current.SessionId], _user.State.Sessions.Values.Select(s => s.Id));
        TestUser.Refused(FailureCode.LoginFailed, () => Login());
        Assert.NotNull(Login("a brand new passphrase 7"));
    }

    [Fact]
    public void AWrongCurrentPasswordChangesNothingButCounts()
    {
        _user.SignedUp();
        var token = Login();
        var session = _user.State.Sessions.Values.Single(s => s.Id == token.SessionId);
        var hash = _user.State.Account!.PasswordHash;

        var refused = Account.ChangePassword(_user.State, TestUser.Someone, session, "not the password", "a brand new passphrase 7", _user.Domain.AppTokens);

        Assert.Equal(FailureCode.WrongPassword, refused.Result.Refusal!.Code);
        Assert.Equal(hash, _user.State.Account.PasswordHash);
        Assert.Equal(1, _user.State.Throttle!.Failures);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(100)]
    [InlineData(10_000)]
    public void ALongRunOfFailuresStaysLockedForTheLongestLock(int failures)
    {
        var options = new AccountSecurityOptions { FreeAttempts = 5, FirstLockout = TimeSpan.FromMinutes(20), MaxLockout = TimeSpan.FromDays(1) };
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromDays(1), new LoginThrottle(failures, at).LockedFor(at, options));
    }
}
