using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Legacy;

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
    public async Task ASignUpThatMeetsARowImportedByAnotherActivationIsAConflictAndTheImportStands()
    {
        var name = $"user-{Guid.NewGuid():N}";
        const string importedPassword = "the imported password 1999";
        var grain = fixture.Grains.GetUserKeysGrain(name);
        // Live, with nothing stored: an unknown user's failed login writes nothing.
        Assert.Equal(LoginRefusal.WrongPassword, await grain.AssertLoginFails(importedPassword));

        // Another cluster with the same ServiceId (another activation of the same row) imports the user.
        var other = await fixture.StartClusterAsync(fixture.ServiceId, ClusterFixture.KeyId, new Dictionary<string, string> { [ClusterFixture.KeyId] = ClusterFixture.KeySecret });
        try
        {
            var imported = await other.Client.GetGrain<IUserKeysImport>(UserKeysGrainKey.For(name)).ImportLegacyUserAsync(new LegacyUserImport(
                name, null, DateTimeOffset.UtcNow.AddYears(-1), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(importedPassword))), null,
                new Dictionary<string, string>()));
            Assert.Equal(ImportOutcome.Imported, imported);
        }
        finally
        {
            await other.StopAllSilosAsync();
            await other.DisposeAsync();
        }

        await AssertFails(FailureCode.Conflict, () => grain.SignUpAsync(TestUsers.Password, null));

        Assert.Equal(LoginRefusal.WrongPassword, await grain.AssertLoginFails(TestUsers.Password));
        var issued = await grain.LoginAsync(importedPassword);
        Assert.True(AccessToken.TryParse(issued.Token, ClusterFixture.TokenKey, out var tokenUser, out _));
        Assert.Equal(name, tokenUser);
        var actions = Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT string_agg(action, ',' ORDER BY id) FROM audit_event WHERE service_id = '{fixture.ServiceId}' AND user_name = '{name}'"));
        Assert.Equal($"{AuditAction.Imported},{AuditAction.AuthenticationFailed},{AuditAction.SignedIn}", actions);
    }

    [Fact]
    public async Task LoginIssuesATokenThatWorksUntilLogout()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);

        var issued = await user.Grain.LoginAsync(TestUsers.Password);

        Assert.True(AccessToken.TryParse(issued.Token, ClusterFixture.TokenKey, out var tokenUser, out var secret));
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
        Assert.True(AccessToken.TryParse(other.Token, ClusterFixture.TokenKey, out _, out var otherSecret));

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
        Assert.True(AccessToken.TryParse(other.Token, ClusterFixture.TokenKey, out _, out var otherSecret));
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
