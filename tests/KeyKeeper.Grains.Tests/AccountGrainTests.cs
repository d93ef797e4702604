using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SignUpIsDurableAtOnceAndASecondSignUpIsRefused()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);

        var rows = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{user.Name}'");
        var stored = Assert.Single(rows)!;
        Assert.DoesNotContain(TestUsers.Password, stored);
        await AssertFails(FailureCode.Conflict, () => user.Grain.SignUpAsync("another password 123", null));
    }

    [Fact]
    public async Task LoginIssuesATokenThatWorksUntilLogout()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);

        var issued = await user.Grain.LoginAsync(TestUsers.Password);

        Assert.True(AccessToken.TryParse(issued.Token, out var tokenUser, out var secret));
        Assert.Equal(user.Name, tokenUser);
        var session = new CallerCredentials(secret, null);
        Assert.Empty(await user.Grain.ListKeysAsync(session));
        Assert.DoesNotContain(secret, Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{user.Name}'"))!);

        await fixture.DeactivateAllAsync();
        Assert.Empty(await user.Grain.ListKeysAsync(session));

        await user.Grain.LogoutAsync(session);
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.ListKeysAsync(session));
        Assert.Empty(await user.ListKeysAsync());
    }

    [Fact]
    public async Task EveryKeyOperationRefusesATokenThatIsNotALiveSession()
    {
        var owner = await TestUsers.SignUpAsync(fixture.Grains);
        await owner.SaveKeyAsync("openai", TestUsers.NewKeyValue());
        var other = await TestUsers.SignUpAsync(fixture.Grains);

        // Another user's live token, a made-up secret and no secret at all are all refused.
        foreach (var secret in new[] { other.TokenSecret, "not-a-token-secret", null! })
        {
            var caller = new CallerCredentials(secret, null);
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.ListKeysAsync(caller));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.GetKeyAsync(caller, "openai"));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.SaveKeyAsync(caller, "openai", TestUsers.NewKeyValue(), null));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.DeleteKeyAsync(caller, "openai", null, purge: true));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.UndeleteKeyAsync(caller, "openai"));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.ListVersionsAsync(caller, "openai"));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.RestoreVersionAsync(caller, "openai", 1, null));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.RevealKeyAsync(caller, "openai"));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.GetAuditAsync(caller, new AuditQuery(null, null, null, 10, null)));
            await AssertFails(FailureCode.SessionRejected, () => owner.Grain.LogoutAsync(caller));
        }

        Assert.Single(await owner.ListKeysAsync());
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserGetNoToken()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);

        Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails("not the password at all"));
        Assert.Equal(LoginRefusal.WrongPassword, await fixture.Grains.GetUserKeysGrain($"nobody-{Guid.NewGuid():N}").AssertLoginFails(TestUsers.Password));
    }

    [Fact]
    public async Task SessionsCanBeListedAndRevokedOneByOne()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var other = await user.Grain.LoginAsync(TestUsers.Password);
        Assert.True(AccessToken.TryParse(other.Token, out _, out var otherSecret));

        var sessions = await user.Grain.ListSessionsAsync(user.Credentials);

        Assert.Equal(2, sessions.Count);
        Assert.Equal(other.SessionId, sessions[0].Id);
        Assert.Equal([false, true], sessions.Select(s => s.Current));
        await user.Grain.RevokeSessionAsync(user.Credentials, other.SessionId);
        await AssertFails(FailureCode.NotFound, () => user.Grain.RevokeSessionAsync(user.Credentials, other.SessionId));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.ListKeysAsync(new CallerCredentials(otherSecret, null)));
        await fixture.DeactivateAllAsync();
        Assert.Single(await user.Grain.ListSessionsAsync(user.Credentials));
    }

    [Fact]
    public async Task ChangingThePasswordRevokesEveryOtherSession()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var other = await user.Grain.LoginAsync(TestUsers.Password);
        Assert.True(AccessToken.TryParse(other.Token, out _, out var otherSecret));
        const string newPassword = "a brand new password 2026";

        await AssertFails(FailureCode.WrongPassword, () => user.Grain.ChangePasswordAsync(user.Credentials, "not the password", newPassword));
        await AssertInvalid("newPassword", () => user.Grain.ChangePasswordAsync(user.Credentials, TestUsers.Password, "short"));
        await user.Grain.ChangePasswordAsync(user.Credentials, TestUsers.Password, newPassword);

        await AssertFails(FailureCode.SessionRejected, () => user.Grain.ListKeysAsync(new CallerCredentials(otherSecret, null)));
        Assert.Empty(await user.ListKeysAsync());
        await fixture.DeactivateAllAsync();
        Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails(TestUsers.Password));
        await user.Grain.LoginAsync(newPassword);
    }
}
