using KeyKeeper.Grains.Abstractions;
using OtpNet;

namespace KeyKeeper.Silo.Tests;

public sealed class TwoFactorTests
{
    private readonly TestUser _user = new();

    private string CurrentCode(string base32) => new Totp(Base32Encoding.ToBytes(base32)).ComputeTotp(_user.Clock.GetUtcNow().UtcDateTime);

    private (string Secret, IReadOnlyList<string> RecoveryCodes) Enable()
    {
        _user.SignedUp();
        var enrolment = _user.Domain.TwoFactor.BeginEnrolment(_user.State).Result;
        var codes = _user.Domain.TwoFactor.Confirm(_user.State, TestUser.Someone, _user.Domain.Account, _user.Domain.AppTokens, TestUser.Password, CurrentCode(enrolment.Secret)).Result.Unwrap();
        return (enrolment.Secret, codes.RecoveryCodes);
    }

    private KeyKeeperException? LoginRefusal(string? code) =>
        _user.Domain.Account.Login(_user.State, new LoginAttempt(TestUser.Password, code, null), _user.Domain.TwoFactor).Result.Refusal;

    [Fact]
    public void AWrongFirstCodeLeavesTwoFactorOffAndCounts()
    {
        _user.SignedUp();
        _user.Domain.TwoFactor.BeginEnrolment(_user.State);

        var refused = _user.Domain.TwoFactor.Confirm(_user.State, TestUser.Someone, _user.Domain.Account, _user.Domain.AppTokens, TestUser.Password, "000000");

        Assert.Equal(("code", FailureCode.InvalidInput), (refused.Result.Refusal!.Field, refused.Result.Refusal.Code));
        Assert.False(_user.State.TwoFactor!.IsEnabled);
        Assert.Equal(1, _user.State.Throttle!.Failures);
    }

    [Fact]
    public void ACodeOpensOneLoginOnlyAndAPasswordAloneAsksForIt()
    {
        var (secret, _) = Enable();
        _user.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = CurrentCode(secret);

        Assert.True(LoginRefusal(code: null)!.TwoFactorRequired);
        Assert.Null(LoginRefusal(code));
        Assert.Equal(FailureCode.LoginFailed, LoginRefusal(code)!.Code);
    }

    [Fact]
    public void ALoginChallengeExpiresAndAtMostFiveArePending()
    {
        var (secret, _) = Enable();
        LoginChallenge Start() => _user.Domain.Account.StartLogin(_user.State, new LoginAttempt(TestUser.Password, null, null), _user.Domain.TwoFactor).Result.Unwrap().CodeNeeded!;
        KeyKeeperException? Finish(LoginChallenge challenge) =>
            _user.Domain.Account.FinishLogin(_user.State, new LoginCodeStep(challenge.Secret, CurrentCode(secret), null), _user.Domain.TwoFactor).Result.Refusal;

        var expiring = Start();
        _user.Clock.Advance(_user.Security.LoginChallengeLifetime);
        Assert.Equal(FailureCode.LoginFailed, Finish(expiring)!.Code);
        Assert.False(Finish(expiring)!.TwoFactorRequired);

        var challenges = Enumerable.Range(0, Accounts.Account.MaxLoginChallenges + 1).Select(_ => Start()).ToList();
        Assert.Equal(Accounts.Account.MaxLoginChallenges, _user.State.LoginChallenges.Count);
        _user.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(Finish(challenges[^1]));
        Assert.Equal(Accounts.Account.MaxLoginChallenges - 1, _user.State.LoginChallenges.Count);
    }

    [Fact]
    public void ARecoveryCodeIsUsedUpAndAudited()
    {
        var (_, recoveryCodes) = Enable();

        var login = _user.Domain.Account.Login(_user.State, new LoginAttempt(TestUser.Password, recoveryCodes[0].ToUpperInvariant(), null), _user.Domain.TwoFactor);

        Assert.Equal([AuditAction.SignedIn, AuditAction.RecoveryCodeUsed], login.Events!.Select(e => e.Action));
        Assert.Equal(recoveryCodes.Count - 1, _user.State.TwoFactor!.RecoveryCodeHashes.Count);
        Assert.NotNull(LoginRefusal(recoveryCodes[0]));
    }

    [Fact]
    public void TurningItOffNeedsThePasswordAndACode()
    {
        var (secret, _) = Enable();
        _user.Clock.Advance(TimeSpan.FromSeconds(30));

        var wrong = _user.Domain.TwoFactor.Disable(_user.State, TestUser.Someone, _user.Domain.Account, _user.Domain.AppTokens, "not the password", CurrentCode(secret));
        Assert.Equal(FailureCode.WrongPassword, wrong.Result.Refusal!.Code);
        Assert.True(_user.State.TwoFactor!.IsEnabled);

        _user.Domain.TwoFactor.Disable(_user.State, TestUser.Someone, _user.Domain.Account, _user.Domain.AppTokens, TestUser.Password, CurrentCode(secret)).Result.Unwrap();
        Assert.Null(_user.State.TwoFactor);
        TestUser.Refused(FailureCode.Conflict, () => _user.Domain.TwoFactor.Disable(_user.State, TestUser.Someone, _user.Domain.Account, _user.Domain.AppTokens, TestUser.Password, "123456"));
    }
}
