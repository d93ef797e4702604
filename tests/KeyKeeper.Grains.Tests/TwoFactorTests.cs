using KeyKeeper.Grains.Abstractions;
using OtpNet;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TwoFactorTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TwoFactorIsOnOnlyAfterAConfirmingCodeAndThenEveryLoginNeedsACode()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        Assert.StartsWith("otpauth://totp/", enrolment.OtpAuthUri);
        Assert.Contains($"secret={enrolment.Secret}", enrolment.OtpAuthUri);
        Assert.Equal(new TwoFactorStatus(false, true, 0), await user.Grain.GetTwoFactorStatusAsync(user.Credentials));
        // Until confirmed, the password alone still logs in.
        await user.Grain.LoginAsync(TestUsers.Password);

        await AssertInvalid("code", () => user.Grain.ConfirmTwoFactorAsync(user.Credentials, TestUsers.Password, WrongCode(enrolment.Secret)));
        var confirmCode = Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow);
        var recoveryCodes = (await user.Grain.ConfirmTwoFactorAsync(user.Credentials, TestUsers.Password, confirmCode)).RecoveryCodes;

        Assert.Equal(10, recoveryCodes.Distinct().Count());
        Assert.All(recoveryCodes, code => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", code));
        Assert.Equal(new TwoFactorStatus(true, false, 10), await user.Grain.GetTwoFactorStatusAsync(user.Credentials));
        await fixture.DeactivateAllAsync();
        Assert.Equal(LoginRefusal.CodeNeeded, await LoginRefused(user, null));
        Assert.Equal(LoginRefusal.WrongCode, await LoginRefused(user, WrongCode(enrolment.Secret)));
        Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails("not the password", confirmCode));
        // The code that confirmed enrolment was used once: seen again within its window, it is refused.
        Assert.Equal(LoginRefusal.WrongCode, await LoginRefused(user, confirmCode));
        var next = await Login(user, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        Assert.True(AccessToken.TryParse(next.Token, ClusterFixture.TokenKey, out _, out _));

        // The secret and the recovery codes are not in the stored row in plain text.
        var row = Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{user.Name}'"))!;
        Assert.DoesNotContain(enrolment.Secret, row);
        Assert.All(recoveryCodes, code => Assert.DoesNotContain(code.Replace("-", ""), row));
    }

    [Fact]
    public async Task ARecoveryCodeStandsInForTheCodeOnceInAnyCaseAndWithOrWithoutItsDash()
    {
        var (user, secret, recoveryCodes) = await SignUpWithTwoFactorAsync();

        var first = await Login(user, recoveryCodes[0].ToUpperInvariant());
        var again = await LoginRefused(user, recoveryCodes[0]);
        var second = await Login(user, $" {recoveryCodes[1].Replace("-", "")} ");

        Assert.True(AccessToken.TryParse(first.Token, ClusterFixture.TokenKey, out _, out _));
        Assert.Equal(LoginRefusal.WrongCode, again);
        Assert.True(AccessToken.TryParse(second.Token, ClusterFixture.TokenKey, out _, out _));
        Assert.Equal(8, (await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).RecoveryCodesLeft);
        var audit = await user.GetAuditAsync();
        Assert.Equal(2, audit.Items.Count(entry => entry.Action == AuditAction.RecoveryCodeUsed));
        Assert.NotNull(secret);
    }

    [Fact]
    public async Task TurningTwoFactorOffNeedsThePasswordAndACode()
    {
        var (user, secret, recoveryCodes) = await SignUpWithTwoFactorAsync();

        await AssertFails(FailureCode.WrongPassword, () => user.Grain.DisableTwoFactorAsync(user.Credentials, "not the password", recoveryCodes[0]));
        await AssertFails(FailureCode.WrongPassword, () => user.Grain.DisableTwoFactorAsync(user.Credentials, TestUsers.Password, WrongCode(secret)));
        Assert.True((await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).Enabled);
        await user.Grain.DisableTwoFactorAsync(user.Credentials, TestUsers.Password, recoveryCodes[0]);

        Assert.False((await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).Enabled);
        Assert.True(AccessToken.TryParse((await Login(user, null)).Token, ClusterFixture.TokenKey, out _, out _));
        await AssertFails(FailureCode.Conflict, () => user.Grain.DisableTwoFactorAsync(user.Credentials, TestUsers.Password, recoveryCodes[1]));
        Assert.Contains((await user.GetAuditAsync()).Items, entry => entry.Action == AuditAction.TwoFactorDisabled);
    }

    [Fact]
    public async Task EnrollingAgainWhileOnOrConfirmingWithoutAnEnrolmentIsAConflict()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await AssertFails(FailureCode.Conflict, () => user.Grain.ConfirmTwoFactorAsync(user.Credentials, TestUsers.Password, "123456"));

        var (enrolled, _, _) = await SignUpWithTwoFactorAsync();
        await AssertFails(FailureCode.Conflict, () => enrolled.Grain.BeginTwoFactorEnrolmentAsync(enrolled.Credentials));
    }

    [Fact]
    public async Task ALoginInTwoStepsChecksThePasswordOnceAndItsChallengeOpensOneSession()
    {
        var (user, secret, recoveryCodes) = await SignUpWithTwoFactorAsync();

        var started = await user.Grain.StartLoginAsync(new LoginAttempt(TestUsers.Password, null, TestUsers.ClientAddress));
        Assert.Null(started.Token);
        var challenge = Assert.IsType<LoginChallenge>(started.CodeNeeded);
        Assert.InRange(challenge.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.DoesNotContain(challenge.Secret, challenge.ToString());

        // Durable: another activation finishes it, and the row holds only the challenge's hash.
        await fixture.DeactivateAllAsync();
        var row = Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{user.Name}'"))!;
        Assert.DoesNotContain(challenge.Secret, row);
        Assert.Contains(AccessToken.HashSecret(challenge.Secret), row);

        await AssertCodeStepRefused(user, challenge.Secret + "x", recoveryCodes[0], twoFactorRequired: false);
        await AssertCodeStepRefused(user, challenge.Secret, WrongCode(secret), twoFactorRequired: true);
        var token = await user.Grain.FinishLoginAsync(new LoginCodeStep(challenge.Secret, recoveryCodes[0], TestUsers.ClientAddress));
        Assert.True(AccessToken.TryParse(token.Token, ClusterFixture.TokenKey, out _, out _));

        // Spent: the same challenge with another right code opens nothing, and that code stays unused.
        await AssertCodeStepRefused(user, challenge.Secret, recoveryCodes[1], twoFactorRequired: false);
        Assert.Equal(recoveryCodes.Count - 1, (await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).RecoveryCodesLeft);

        // A password change ends every pending step.
        var pending = (await user.Grain.StartLoginAsync(new LoginAttempt(TestUsers.Password, null, null))).CodeNeeded!;
        await user.Grain.ChangePasswordAsync(user.Credentials, TestUsers.Password, "amber lantern orchard 77");
        await AssertCodeStepRefused(user, pending.Secret, recoveryCodes[1], twoFactorRequired: false);

        // A wrong password gets no challenge, and counts.
        Assert.Equal(LoginRefusal.WrongPassword, await user.Grain.AssertLoginFails(TestUsers.Password));
        await AssertFails(FailureCode.LoginFailed, () => user.Grain.StartLoginAsync(new LoginAttempt(TestUsers.Password, null, null)));
        Assert.Contains((await user.GetAuditAsync()).Items, entry => entry.Action == AuditAction.AuthenticationFailed);
    }

    private static async Task AssertCodeStepRefused(SignedInUser user, string challenge, string code, bool twoFactorRequired)
    {
        var refused = await AssertFails(FailureCode.LoginFailed, () => user.Grain.FinishLoginAsync(new LoginCodeStep(challenge, code, null)));
        Assert.Equal(twoFactorRequired, refused.TwoFactorRequired);
    }

    private async Task<(SignedInUser User, string Secret, IReadOnlyList<string> RecoveryCodes)> SignUpWithTwoFactorAsync()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        var codes = (await user.Grain.ConfirmTwoFactorAsync(user.Credentials, TestUsers.Password, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow))).RecoveryCodes;
        return (user, enrolment.Secret, codes);
    }

    private static Task<IssuedToken> Login(SignedInUser user, string? code) => user.Grain.LoginAsync(TestUsers.Password, code);

    private static Task<LoginRefusal> LoginRefused(SignedInUser user, string? code) => user.Grain.AssertLoginFails(TestUsers.Password, code);

    /// <summary>A six-digit code that is none of the codes valid now (the current step and one either side).</summary>
    private static string WrongCode(string secret)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = new[] { -30, 0, 30, 60 }.Select(seconds => Totp.CodeAt(secret, now.AddSeconds(seconds))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).First(code => !valid.Contains(code));
    }
}

/// <summary>Computes TOTP codes the way an authenticator app does.</summary>
public static class Totp
{
    public static string CodeAt(string base32Secret, DateTimeOffset at) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(at.UtcDateTime);
}
