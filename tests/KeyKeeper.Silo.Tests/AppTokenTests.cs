using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Tests;

public sealed class AppTokenTests
{
    private readonly TestUser _user = new();

    private CallerCredentials Create(params string[] providers) => CreateWithId(providers).Caller;

    private (CallerCredentials Caller, string Id) CreateWithId(params string[] providers)
    {
        // Creating a token asks for the account's password.
        if (_user.State.Account is null)
        {
            _user.SignedUp();
        }

        var created = _user.Domain.AppTokens.Create(_user.State, TestUser.Someone, new AppTokenRequest("chat-backend", providers, _user.Clock.GetUtcNow().AddDays(30)),
            new Reauthentication(TestUser.Password, null), _user.Domain.Account, _user.Domain.TwoFactor).Result.Unwrap();
        Assert.True(AccessToken.TryParse(created.Token, TestUser.TokenKey, out TokenKind _, out _, out var secret));
        return (new CallerCredentials(secret, "198.51.100.4"), created.Info.Id);
    }

    [Fact]
    public void ATokenReadsOnlyTheProvidersItWasGivenAndEveryReadIsAudited()
    {
        var value = TestUser.NewKey();
        _user.Domain.Keys.Save(_user.State, TestUser.Someone, "openai", value, ifMatch: null);
        _user.Domain.Keys.Save(_user.State, TestUser.Someone, "groq", TestUser.NewKey("groq"), ifMatch: null);
        var token = Create("openai");

        var used = _user.Domain.AppTokens.Use(_user.State, token, "openai", _user.Domain.Keys, deploymentKey: null);

        Assert.Equal((value, KeySource.User), (used.Result.Value, used.Result.Source));
        Assert.Equal([AuditAction.Used], used.Events!.Select(e => e.Action));
        Assert.NotNull(used.Events![0].AppTokenId);
        TestUser.Refused(FailureCode.NotAllowed, () => _user.Domain.AppTokens.Use(_user.State, token, "groq", _user.Domain.Keys, deploymentKey: null));
    }

    [Fact]
    public void TheDeploymentKeyOnlyFillsAGap()
    {
        var token = Create("openai", "anthropic");
        _user.Domain.Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);

        Assert.Equal(KeySource.User, _user.Domain.AppTokens.Use(_user.State, token, "openai", _user.Domain.Keys, "deployment-value").Result.Source);
        Assert.Equal(KeySource.Deployment, _user.Domain.AppTokens.Use(_user.State, token, "anthropic", _user.Domain.Keys, "deployment-value").Result.Source);
        TestUser.Refused(FailureCode.NotFound, () => _user.Domain.AppTokens.Use(_user.State, token, "anthropic", _user.Domain.Keys, deploymentKey: null));
    }

    [Fact]
    public void ARevokedOrExpiredTokenIsRejected()
    {
        var (revoked, id) = CreateWithId("openai");
        var expiring = Create("openai");
        _user.Domain.AppTokens.Revoke(_user.State, TestUser.Someone, id);
        TestUser.Refused(FailureCode.NotFound, () => _user.Domain.AppTokens.Revoke(_user.State, TestUser.Someone, id));

        _user.Clock.Advance(TimeSpan.FromDays(31));

        TestUser.Refused(FailureCode.SessionRejected, () => _user.Domain.AppTokens.Use(_user.State, revoked, "openai", _user.Domain.Keys, "x"));
        TestUser.Refused(FailureCode.SessionRejected, () => _user.Domain.AppTokens.Use(_user.State, expiring, "openai", _user.Domain.Keys, "x"));
        Assert.Empty(_user.Domain.AppTokens.List(_user.State));
    }
}
