using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AppTokenTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnAppTokenReadsTheValuesOfItsProvidersOnlyAndEveryReadIsAuditedWithoutRewritingTheUsersRow()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var openai = TestUsers.NewKeyValue("openai");
        await user.SaveKeyAsync("openai", openai);
        await user.SaveKeyAsync("anthropic", TestUsers.NewKeyValue("anthropic"));
        var app = await CreateAsync(user, ["openai"]);
        var rowVersion = await RowVersionAsync(user);

        // Three reads at once: each one's audit event is committed before its value is handed out.
        var reads = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => user.Grain.UseKeyAsync(app.Caller, "openai", deploymentKeyAllowed: false)));

        Assert.All(reads, used => Assert.Equal(new KeyForUse("openai", KeySource.User, openai, 1), used));
        await AssertFails(FailureCode.NotAllowed, () => user.Grain.UseKeyAsync(app.Caller, "anthropic", deploymentKeyAllowed: false));
        var audit = (await user.GetAuditAsync("openai")).Items;
        Assert.Equal(3, audit.Count(entry => entry.Action == AuditAction.Used));
        Assert.Equal((AuditAction.Used, 1, app.Created.Info.Id, "198.51.100.9"), (audit[0].Action, audit[0].Version, audit[0].AppTokenId, audit[0].ClientAddress));
        Assert.Equal(rowVersion, await RowVersionAsync(user));
        var listed = Assert.Single(await user.Grain.ListAppTokensAsync(user.Credentials));
        Assert.Equal((app.Created.Info.Id, "chat-backend", "openai"), (listed.Id, listed.Name, Assert.Single(listed.Providers)));
        Assert.DoesNotContain(app.Created.Token, Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{user.Name}'"))!);
    }

    [Fact]
    public async Task TheGatewaysKeyIsTheUsersOwnWrittenNowhereAndNeverTheDeploymentsUnlessTheDeploymentAllowsIt()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var openai = TestUsers.NewKeyValue("openai");
        await user.SaveKeyAsync("openai", openai);
        var app = await CreateAsync(user, ["openai", "groq"]);
        var rowVersion = await RowVersionAsync(user);

        Assert.Equal(new GatewayGrant(new KeyForUse("openai", KeySource.User, openai, 1), app.Created.Info.Id, AppTokenLimits.None), await user.Grain.OpenKeyForGatewayAsync(app.Caller, "openai"));
        // The fixture's silo has a groq deployment key, but not DeploymentKeys:GatewayFallback.
        await AssertFails(FailureCode.NotFound, () => user.Grain.OpenKeyForGatewayAsync(app.Caller, "groq"));
        await AssertFails(FailureCode.NotAllowed, () => user.Grain.OpenKeyForGatewayAsync(app.Caller, "anthropic"));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.OpenKeyForGatewayAsync(user.Credentials, "openai"));
        Assert.Equal(rowVersion, await RowVersionAsync(user));
    }

    [Fact]
    public async Task AnAppTokenCannotManageAndASessionCannotUseTheAppRoute()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue("openai"));
        var app = await CreateAsync(user, ["openai"]);

        await AssertFails(FailureCode.SessionRejected, () => user.Grain.ListKeysAsync(app.Caller));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.RevealKeyAsync(app.Caller, "openai"));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.SaveKeyAsync(app.Caller, "openai", TestUsers.NewKeyValue("openai"), null));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.CreateAppTokenAsync(app.Caller, new AppTokenRequest("x", ["openai"], DateTimeOffset.UtcNow.AddDays(1)), TestUsers.Proof));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.UseKeyAsync(user.Credentials, "openai", deploymentKeyAllowed: false));
    }

    [Fact]
    public async Task ARevokedOrExpiredAppTokenStopsWorking()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue("openai"));
        var revoked = await CreateAsync(user, ["openai"]);
        var expiring = await CreateAsync(user, ["openai"], DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(KeySource.User, (await user.Grain.UseKeyAsync(expiring.Caller, "openai", deploymentKeyAllowed: false)).Source);

        await user.Grain.RevokeAppTokenAsync(user.Credentials, revoked.Created.Info.Id);
        await AssertFails(FailureCode.NotFound, () => user.Grain.RevokeAppTokenAsync(user.Credentials, revoked.Created.Info.Id));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await AssertFails(FailureCode.SessionRejected, () => user.Grain.UseKeyAsync(revoked.Caller, "openai", deploymentKeyAllowed: false));
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.UseKeyAsync(expiring.Caller, "openai", deploymentKeyAllowed: false));
        Assert.Empty(await user.Grain.ListAppTokensAsync(user.Credentials));
    }

    [Fact]
    public async Task TheDeploymentKeyFillsInOnlyWhereTheUserHasNoKeyOfTheirOwn()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var app = await CreateAsync(user, ["groq", "openai"]);

        await AssertFails(FailureCode.NotFound, () => user.Grain.UseKeyAsync(app.Caller, "groq", deploymentKeyAllowed: false));
        Assert.Equal(new KeyForUse("groq", KeySource.Deployment, ClusterFixture.DeploymentGroqKey, null),
            await user.Grain.UseKeyAsync(app.Caller, "groq", deploymentKeyAllowed: true));
        await AssertFails(FailureCode.NotFound, () => user.Grain.UseKeyAsync(app.Caller, "openai", deploymentKeyAllowed: true));

        var own = TestUsers.NewKeyValue("groq");
        await user.SaveKeyAsync("groq", own);
        Assert.Equal(new KeyForUse("groq", KeySource.User, own, 1), await user.Grain.UseKeyAsync(app.Caller, "groq", deploymentKeyAllowed: true));
        Assert.Equal([AuditAction.Used, AuditAction.Created, AuditAction.UsedDeploymentKey],
            (await user.GetAuditAsync("groq")).Items.Select(entry => entry.Action));
    }

    [Fact]
    public async Task BadRequestsAreRefusedAndNothingIsStored()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var now = DateTimeOffset.UtcNow;

        await AssertInvalid("name", () => user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest(" ", ["openai"], now.AddDays(1)), TestUsers.Proof));
        await AssertInvalid("providers", () => user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest("app", [], now.AddDays(1)), TestUsers.Proof));
        await AssertInvalid("providers", () => user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest("app", ["Not A Provider"], now.AddDays(1)), TestUsers.Proof));
        await AssertInvalid("expiresAt", () => user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest("app", ["openai"], now.AddDays(-1)), TestUsers.Proof));
        await AssertInvalid("expiresAt", () => user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest("app", ["openai"], now.AddYears(2)), TestUsers.Proof));

        Assert.Empty(await user.Grain.ListAppTokensAsync(user.Credentials));
    }

    internal static async Task<(CreatedAppToken Created, CallerCredentials Caller)> CreateAsync(
        SignedInUser user, IReadOnlyList<string> providers, DateTimeOffset? expiresAt = null)
    {
        var created = await user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest("chat-backend", providers, expiresAt ?? DateTimeOffset.UtcNow.AddDays(30)), TestUsers.Proof);
        Assert.True(AccessToken.TryParse(created.Token, ClusterFixture.TokenKey, out var kind, out var userName, out var secret));
        Assert.Equal((TokenKind.App, user.Name), (kind, userName));
        return (created, new CallerCredentials(secret, "198.51.100.9"));
    }

    private async Task<string?> RowVersionAsync(SignedInUser user) =>
        Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database, $"SELECT version::text FROM grain_state WHERE grain_id_string = 'user/{user.Name}'"));
}
