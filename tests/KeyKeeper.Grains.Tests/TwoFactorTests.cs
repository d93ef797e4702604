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
        Assert.NotNull(await user.Grain.TryLoginAsync(TestUsers.Password));

        Assert.Null(await user.Grain.ConfirmTwoFactorAsync(user.Credentials, WrongCode(enrolment.Secret)));
        var confirmCode = Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow);
        var recoveryCodes = await user.Grain.ConfirmTwoFactorAsync(user.Credentials, confirmCode);

        Assert.NotNull(recoveryCodes);
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        Assert.All(recoveryCodes, code => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", code));
        Assert.Equal(new TwoFactorStatus(true, false, 10), await user.Grain.GetTwoFactorStatusAsync(user.Credentials));
        await fixture.DeactivateAllAsync();
        Assert.Equal(LoginStatus.TwoFactorRequired, (await Login(user, null)).Status);
        Assert.Equal(LoginStatus.InvalidCode, (await Login(user, WrongCode(enrolment.Secret))).Status);
        Assert.Equal(LoginStatus.Failed, (await user.Grain.LoginAsync(new LoginAttempt("not the password", confirmCode, null))).Status);
        // The code that confirmed enrolment was used once: seen again within its window, it is refused.
        Assert.Equal(LoginStatus.InvalidCode, (await Login(user, confirmCode)).Status);
        var next = await Login(user, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        Assert.Equal(LoginStatus.Succeeded, next.Status);

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
        var again = await Login(user, recoveryCodes[0]);
        var second = await Login(user, $" {recoveryCodes[1].Replace("-", "")} ");

        Assert.Equal(LoginStatus.Succeeded, first.Status);
        Assert.Equal(LoginStatus.InvalidCode, again.Status);
        Assert.Equal(LoginStatus.Succeeded, second.Status);
        Assert.Equal(8, (await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).RecoveryCodesLeft);
        var audit = await user.GetAuditAsync();
        Assert.Equal(2, audit.Items.Count(entry => entry.Action == AuditAction.RecoveryCodeUsed));
        Assert.NotNull(secret);
    }

    [Fact]
    public async Task TurningTwoFactorOffNeedsThePasswordAndACode()
    {
        var (user, secret, recoveryCodes) = await SignUpWithTwoFactorAsync();

        Assert.False(await user.Grain.DisableTwoFactorAsync(user.Credentials, "not the password", recoveryCodes[0]));
        Assert.False(await user.Grain.DisableTwoFactorAsync(user.Credentials, TestUsers.Password, WrongCode(secret)));
        Assert.True((await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).Enabled);
        Assert.True(await user.Grain.DisableTwoFactorAsync(user.Credentials, TestUsers.Password, recoveryCodes[0]));

        Assert.False((await user.Grain.GetTwoFactorStatusAsync(user.Credentials)).Enabled);
        Assert.Equal(LoginStatus.Succeeded, (await Login(user, null)).Status);
        await Assert.ThrowsAsync<AccountConflictException>(() => user.Grain.DisableTwoFactorAsync(user.Credentials, TestUsers.Password, recoveryCodes[1]));
        Assert.Contains((await user.GetAuditAsync()).Items, entry => entry.Action == AuditAction.TwoFactorDisabled);
    }

    [Fact]
    public async Task EnrollingAgainWhileOnOrConfirmingWithoutAnEnrolmentIsAConflict()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await Assert.ThrowsAsync<AccountConflictException>(() => user.Grain.ConfirmTwoFactorAsync(user.Credentials, "123456"));

        var (enrolled, _, _) = await SignUpWithTwoFactorAsync();
        await Assert.ThrowsAsync<AccountConflictException>(() => enrolled.Grain.BeginTwoFactorEnrolmentAsync(enrolled.Credentials));
    }

    private async Task<(SignedInUser User, string Secret, IReadOnlyList<string> RecoveryCodes)> SignUpWithTwoFactorAsync()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var enrolment = await user.Grain.BeginTwoFactorEnrolmentAsync(user.Credentials);
        var codes = await user.Grain.ConfirmTwoFactorAsync(user.Credentials, Totp.CodeAt(enrolment.Secret, DateTimeOffset.UtcNow));
        return (user, enrolment.Secret, codes!);
    }

    private static Task<LoginResult> Login(SignedInUser user, string? code) =>
        user.Grain.LoginAsync(new LoginAttempt(TestUsers.Password, code, "203.0.113.7"));

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
