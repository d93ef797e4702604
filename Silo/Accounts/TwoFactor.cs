using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Users;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Accounts;

public sealed class TwoFactor(DataKeyVault vault, AccountSecurityOptions security, TimeProvider time)
{
    // The TOTP secret is sealed with the data key under a name no provider can have.
    private const string SecretContext = "#totp";

    public static TwoFactorStatus Status(UserKeysState state) => new(
        state.TwoFactor?.IsEnabled ?? false,
        state.TwoFactor is { IsEnabled: false },
        state.TwoFactor is { IsEnabled: true } on ? on.RecoveryCodeHashes.Count : 0);

    public static TwoFactorState? Enabled(UserKeysState state) => state.TwoFactor is { IsEnabled: true } on ? on : null;

    /// <summary>A new enrolment replaces an unconfirmed one: only the authenticator scanned last can confirm.</summary>
    public Change<TwoFactorEnrolment> BeginEnrolment(UserKeysState state)
    {
        if (state.TwoFactor is { IsEnabled: true })
        {
            throw KeyKeeperException.Conflict("Two-factor authentication is already on. Turn it off first to enrol a new authenticator.");
        }

        var secret = TwoFactorCodes.NewSecret();
        var base32 = TwoFactorCodes.ToBase32(secret);
        state.TwoFactor = new TwoFactorState(vault.Seal(state, SecretContext, base32), EnabledAt: null, [], LastUsedStep: 0);
        return Change.Made(new TwoFactorEnrolment(base32, TwoFactorCodes.OtpAuthUri(secret, state.Account!.DisplayName, security.TotpIssuer)));
    }

    /// <summary>Needs the password too, and revokes every app token: 2FA on is a new way in, so what the old way made goes.</summary>
    public Change<Verdict<TwoFactorConfirmation>> Confirm(UserKeysState state, Actor actor, Account account, AppTokens appTokens, string? password, string? code)
    {
        account.ThrowIfLockedOut(state);
        if (state.TwoFactor is not { IsEnabled: false } pending)
        {
            throw KeyKeeperException.Conflict(state.TwoFactor is null
                ? "There is no enrolment to confirm: start one with POST /api/account/2fa/enrol."
                : "Two-factor authentication is already on.");
        }

        var now = time.GetUtcNow();
        if (account.Verify(state, password) == PasswordVerificationResult.Failed)
        {
            return account.Failure<TwoFactorConfirmation>(state, actor.ClientAddress, KeyKeeperException.WrongPassword(
                "The password is wrong; two-factor authentication is still off."));
        }

        if (!TryReadSecret(state, pending, out var secret)
            || !TwoFactorCodes.TryMatchTotp(secret, AuthenticationCode.Clean(code) ?? string.Empty, now, pending.LastUsedStep, out var step))
        {
            return account.Failure<TwoFactorConfirmation>(state, actor.ClientAddress, KeyKeeperException.InvalidInput("code",
                "The code is wrong or expired: check the authenticator app's clock and try the current code."));
        }

        var (codes, hashes) = TwoFactorCodes.NewRecoveryCodes(security.RecoveryCodeCount);
        state.TwoFactor = pending with { EnabledAt = now, RecoveryCodeHashes = hashes, LastUsedStep = step };
        state.Throttle = null;
        var revoked = appTokens.RevokeAll(state, actor, now);
        return Change.Made(new Verdict<TwoFactorConfirmation>(new TwoFactorConfirmation(codes, revoked.Count), null),
            [actor.Did(AuditAction.TwoFactorEnabled, now), .. revoked]);
    }

    public Change<Verdict<int>> Disable(UserKeysState state, Actor actor, Account account, AppTokens appTokens, string? password, string? code)
    {
        account.ThrowIfLockedOut(state);
        var enabled = Enabled(state) ?? throw KeyKeeperException.Conflict("Two-factor authentication is not on.");
        if (account.Verify(state, password) == PasswordVerificationResult.Failed || Accept(state, enabled, code) is null)
        {
            return account.Failure<int>(state, actor.ClientAddress, KeyKeeperException.WrongPassword(
                "The password or the code is wrong; two-factor authentication is still on."));
        }

        state.TwoFactor = null;
        state.Throttle = null;
        var now = time.GetUtcNow();
        var revoked = appTokens.RevokeAll(state, actor, now);
        return Change.Made<Verdict<int>>(revoked.Count, [actor.Did(AuditAction.TwoFactorDisabled, now), .. revoked]);
    }

    public (TwoFactorState After, bool UsedRecoveryCode)? Accept(UserKeysState state, TwoFactorState twoFactor, string? code)
    {
        code = AuthenticationCode.Clean(code) ?? string.Empty;
        if (AuthenticationCode.IsTotp(code))
        {
            return TryReadSecret(state, twoFactor, out var secret) && TwoFactorCodes.TryMatchTotp(secret, code, time.GetUtcNow(), twoFactor.LastUsedStep, out var step)
                ? (twoFactor with { LastUsedStep = step }, false)
                : null;
        }

        if (AuthenticationCode.NormalizeRecoveryCode(code) is not { } recovery)
        {
            return null;
        }

        var hash = Encoding.UTF8.GetBytes(TwoFactorCodes.HashRecoveryCode(recovery));
        var remaining = twoFactor.RecoveryCodeHashes.Where(stored => !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), hash)).ToList();
        return remaining.Count < twoFactor.RecoveryCodeHashes.Count ? (twoFactor with { RecoveryCodeHashes = remaining }, true) : null;
    }

    /// <summary>On from the start: the legacy app had confirmed it.</summary>
    public TwoFactorState Imported(UserKeysState state, string base32Secret) =>
        new(vault.Seal(state, SecretContext, base32Secret), EnabledAt: time.GetUtcNow(), [], LastUsedStep: 0);

    private bool TryReadSecret(UserKeysState state, TwoFactorState twoFactor, out byte[] secret)
    {
        secret = [];
        return vault.TryOpen(state, SecretContext, twoFactor.SealedSecret, out var base32) && TwoFactorCodes.TryParseBase32(base32, out secret);
    }
}
