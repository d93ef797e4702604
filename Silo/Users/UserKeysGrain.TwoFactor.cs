using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Grains;

/// <summary>TOTP two-factor authentication: enrol, confirm with a first code, disable; recovery codes.</summary>
public sealed partial class UserKeysGrain
{
    // The TOTP secret is sealed with the data key under a name no provider can have.
    private const string TotpSecretContext = "#totp";

    public Task<TwoFactorStatus> GetTwoFactorStatusAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        var twoFactor = state.State.TwoFactor;
        return Task.FromResult(new TwoFactorStatus(
            twoFactor?.IsEnabled ?? false,
            twoFactor is { IsEnabled: false },
            twoFactor is { IsEnabled: true } ? twoFactor.RecoveryCodeHashes.Count : 0));
    }

    public async Task<TwoFactorEnrolment> BeginTwoFactorEnrolmentAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        if (state.State.TwoFactor is { IsEnabled: true })
        {
            throw new AccountConflictException("Two-factor authentication is already on. Turn it off first to enrol a new authenticator.");
        }

        // A new enrolment replaces an unconfirmed one: only the authenticator scanned last can confirm.
        var secret = TwoFactorCodes.NewSecret();
        await ChangeAsync(s =>
        {
            s.TwoFactor = new TwoFactorState(KeyProtector.Seal(EnsureDataKey(s), TwoFactorCodes.ToBase32(secret), UserName, TotpSecretContext), EnabledAt: null, [], LastUsedStep: 0);
            return Changed(true);
        });
        return new TwoFactorEnrolment(TwoFactorCodes.ToBase32(secret), TwoFactorCodes.OtpAuthUri(secret, state.State.Account!.DisplayName, Security.TotpIssuer));
    }

    public async Task<IReadOnlyList<string>?> ConfirmTwoFactorAsync(CallerCredentials caller, string code)
    {
        var session = RequireSession(caller);
        ThrowIfLockedOut();
        if (state.State.TwoFactor is not { IsEnabled: false } pending)
        {
            throw new AccountConflictException(state.State.TwoFactor is null
                ? "There is no enrolment to confirm: start one with POST /api/account/2fa/enrol."
                : "Two-factor authentication is already on.");
        }

        var now = time.GetUtcNow();
        if (!TryReadTotpSecret(pending, out var secret)
            || !TwoFactorCodes.TryMatchTotp(secret, AuthenticationCode.Clean(code) ?? string.Empty, now, pending.LastUsedStep, out var step))
        {
            await RecordFailureAsync(caller.ClientAddress);
            return null;
        }

        var (codes, hashes) = TwoFactorCodes.NewRecoveryCodes(Security.RecoveryCodeCount);
        await ChangeAsync(s =>
        {
            s.TwoFactor = pending with { EnabledAt = now, RecoveryCodeHashes = hashes, LastUsedStep = step };
            s.Throttle = null;
            return Changed(true, AccountAudit(session.Id, caller.ClientAddress, KeyAction.TwoFactorEnabled));
        });
        LogTwoFactorEnabled(UserName);
        return codes;
    }

    public async Task<bool> DisableTwoFactorAsync(CallerCredentials caller, string password, string code)
    {
        var session = RequireSession(caller);
        ThrowIfLockedOut();
        if (state.State.TwoFactor is not { IsEnabled: true } twoFactor)
        {
            throw new AccountConflictException("Two-factor authentication is not on.");
        }

        var account = state.State.Account!;
        var passwordOk = passwordHasher.VerifyHashedPassword(account, account.PasswordHash, password ?? string.Empty) != PasswordVerificationResult.Failed;
        var codeOk = passwordOk && AcceptCode(twoFactor, AuthenticationCode.Clean(code) ?? string.Empty, time.GetUtcNow()) is not null;
        if (!codeOk)
        {
            await RecordFailureAsync(caller.ClientAddress);
            return false;
        }

        await ChangeAsync(s =>
        {
            s.TwoFactor = null;
            s.Throttle = null;
            return Changed(true, AccountAudit(session.Id, caller.ClientAddress, KeyAction.TwoFactorDisabled));
        });
        LogTwoFactorDisabled(UserName);
        return true;
    }

    /// <summary>
    /// The 2FA state after accepting <paramref name="code"/> — a TOTP code for a later step than
    /// the last one used, or an unused recovery code, which is then used up — or null when the
    /// code is not accepted.
    /// </summary>
    private (TwoFactorState After, bool UsedRecoveryCode)? AcceptCode(TwoFactorState twoFactor, string code, DateTimeOffset now)
    {
        if (AuthenticationCode.IsTotp(code))
        {
            return TryReadTotpSecret(twoFactor, out var secret) && TwoFactorCodes.TryMatchTotp(secret, code, now, twoFactor.LastUsedStep, out var step)
                ? (twoFactor with { LastUsedStep = step }, false)
                : null;
        }

        if (AuthenticationCode.NormalizeRecoveryCode(code) is not { } recovery)
        {
            return null;
        }

        var hash = TwoFactorCodes.HashRecoveryCode(recovery);
        var remaining = twoFactor.RecoveryCodeHashes.Where(stored => !FixedTimeEquals(stored, hash)).ToList();
        return remaining.Count < twoFactor.RecoveryCodeHashes.Count
            ? (twoFactor with { RecoveryCodeHashes = remaining }, true)
            : null;
    }

    private bool TryReadTotpSecret(TwoFactorState twoFactor, out byte[] secret)
    {
        secret = [];
        if (TryGetDataKey(state.State, out var dataKey)
            && KeyProtector.TryOpen(dataKey, twoFactor.SealedSecret, UserName, TotpSecretContext, out var base32)
            && TwoFactorCodes.TryParseBase32(base32, out secret))
        {
            return true;
        }

        LogUnreadable(UserName, TotpSecretContext, state.State.DataKey?.KeyId ?? "(none)");
        return false;
    }

    [LoggerMessage(LogLevel.Information, "User {UserName} turned two-factor authentication on.")]
    private partial void LogTwoFactorEnabled(string userName);

    [LoggerMessage(LogLevel.Information, "User {UserName} turned two-factor authentication off.")]
    private partial void LogTwoFactorDisabled(string userName);
}
