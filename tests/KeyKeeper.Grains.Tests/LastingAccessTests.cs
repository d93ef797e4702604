using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// A stolen session alone cannot mint lasting access: an app token and turning 2FA on need the
/// password (and a code when 2FA is on), and a password or 2FA change revokes every app token.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LastingAccessTests(ClusterFixture fixture)
{
    private static AppTokenRequest Request => new("chat-backend", ["openai"], DateTimeOffset.UtcNow.AddDays(30));

    [Fact]
    public async Task AnAppTokenNeedsThePasswordAndAWrongOneCountsTowardsTheLock()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);

        await AssertFails(FailureCode.WrongPassword, () => user.Grain.CreateAppTokenAsync(user.Credentials, Request, new Reauthentication("not the password", null)));
        await AssertFails(FailureCode.WrongPassword, () => user.Grain.CreateAppTokenAsync(user.Credentials, Request, new Reauthentication(null, null)));

        Assert.Empty(await user.Grain.ListAppTokensAsync(user.Credentials));
        Assert.Equal(2, (await user.GetAuditAsync()).Items.Count(entry => entry.Action == AuditAction.AuthenticationFailed));
        Assert.NotNull(await user.Grain.CreateAppTokenAsync(user.Credentials, Request, TestUsers.Proof));
    }

    [Fact]
    public async Task WithTwoFactorOnAnAppTokenAlsoNeedsACodeUsedOnce()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var secret = await TurnOnTwoFactorAsync(user);
        var code = Totp.CodeAt(secret, DateTimeOffset.UtcNow.AddSeconds(30));

        await AssertFails(FailureCode.WrongPassword, () => user.Grain.CreateAppTokenAsync(user.Credentials, Request, TestUsers.Proof));
        Assert.NotNull(await user.Grain.CreateAppTokenAsync(user.Credentials, Request, new Reauthentication(TestUsers.Password, code)));
        // The code is spent.
        await AssertFails(FailureCode.WrongPassword, () => user.Grain.CreateAppTokenAsync(user.Credentials, Request, new Reauthentication(TestUsers.Password, code)));
    }

    [Fact]
    public async Task TurningTwoFactorOnNeedsThePassword()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);

        await AssertFails(FailureCode.WrongPassword, () => user.Grain.ConfirmTwoFactorAsync(user.Credentials, "not the password", Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow)));

        Assert.False((await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).Enabled);
    }

    [Fact]
    public async Task APasswordChangeAndEachTwoFactorChangeRevokeEveryAppToken()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue("openai"));

        var apps = await CreateAppsAsync(user, TestUsers.Proof, TestUsers.Proof);
        Assert.Equal(2, await user.Grain.ChangePasswordAsync(user.Credentials, TestUsers.Password, "a brand new passphrase 7"));
        await AssertAppsRevokedAsync(user, apps);

        const string password = "a brand new passphrase 7";
        apps = await CreateAppsAsync(user, new Reauthentication(password, null));
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        var confirmation = await user.Grain.ConfirmTwoFactorAsync(user.Credentials, password, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow));
        Assert.Equal(1, confirmation.AppTokensRevoked);
        await AssertAppsRevokedAsync(user, apps);

        // With 2FA on, each token spends a recovery code of its own.
        apps = await CreateAppsAsync(user, [.. confirmation.RecoveryCodes.Skip(2).Take(3).Select(code => new Reauthentication(password, code))]);
        Assert.Equal(3, await user.Grain.DisableTwoFactorAsync(user.Credentials, password, confirmation.RecoveryCodes[1]));
        await AssertAppsRevokedAsync(user, apps);
        Assert.Equal(6, (await user.GetAuditAsync()).Items.Count(entry => entry.Action == AuditAction.AppTokenRevoked));
    }

    private async Task<string> TurnOnTwoFactorAsync(SignedInUser user)
    {
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        await user.Grain.ConfirmTwoFactorAsync(user.Credentials, TestUsers.Password, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow));
        return enrolment.Secret;
    }

    private static async Task<List<CallerCredentials>> CreateAppsAsync(SignedInUser user, params Reauthentication[] proofs)
    {
        var apps = new List<CallerCredentials>();
        foreach (var proof in proofs)
        {
            var created = await user.Grain.CreateAppTokenAsync(user.Credentials, Request, proof);
            Assert.True(AccessToken.TryParse(created.Token, ClusterFixture.TokenKey, out _, out _, out var secret));
            apps.Add(new CallerCredentials(secret, TestUsers.ClientAddress));
            Assert.Equal("openai", (await user.Grain.UseKeyAsync(apps[^1], "openai", deploymentKeyAllowed: false)).Provider);
        }

        return apps;
    }

    private static async Task AssertAppsRevokedAsync(SignedInUser user, IEnumerable<CallerCredentials> apps)
    {
        foreach (var app in apps)
        {
            await AssertFails(FailureCode.SessionRejected, () => user.Grain.UseKeyAsync(app, "openai", deploymentKeyAllowed: false));
        }

        Assert.Empty(await user.Grain.ListAppTokensAsync(user.Credentials));
    }
}
