using System.Security.Cryptography;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Grains;

/// <summary>The account: sign-up, login with 2FA and lockout, sessions and the password.</summary>
public sealed partial class UserKeysGrain
{
    // Hashed once, so that a login for an unknown user costs as much as one for a known user.
    private static readonly Lazy<string> UnknownUserHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    // An unknown user has no row to keep failures in; counted here, a guesser sees the same
    // lockout for names that exist and names that do not.
    private LoginThrottle? _unknownUserThrottle;

    private AccountSecurityOptions Security => accountSecurity.Value;

    public async Task<bool> SignUpAsync(string password, string? email)
    {
        if (state.State.Account is not null)
        {
            return false;
        }

        if (!Password.TryValidate(password, out var error))
        {
            throw new ArgumentException(error, nameof(password));
        }

        var account = new UserAccount(UserName, email, passwordHasher.HashPassword(null!, password), time.GetUtcNow());
        await ChangeAsync(s =>
        {
            s.Account = account;
            return Changed(true);
        });
        LogSignedUp(UserName);
        return true;
    }

    public async Task<LoginResult> LoginAsync(LoginAttempt attempt)
    {
        ThrowIfLockedOut();
        var account = state.State.Account;
        var verdict = passwordHasher.VerifyHashedPassword(account!, account?.PasswordHash ?? UnknownUserHash.Value, attempt.Password ?? string.Empty);
        if (account is null || verdict == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(attempt.ClientAddress);
            return LoginResult.Failed;
        }

        var code = AuthenticationCode.Clean(attempt.Code);
        var twoFactor = state.State.TwoFactor is { IsEnabled: true } enabled ? enabled : null;
        if (twoFactor is not null && code is null)
        {
            // Not a failure: the password was right, and the code is the second step.
            return LoginResult.TwoFactorRequired;
        }

        var now = time.GetUtcNow();
        var acceptedCode = twoFactor is null ? null : AcceptCode(twoFactor, code!, now);
        if (twoFactor is not null && acceptedCode is null)
        {
            await RecordFailureAsync(attempt.ClientAddress);
            return LoginResult.InvalidCode;
        }

        var (token, secret) = AccessToken.Create(UserName);
        var session = new UserSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), now, now + bearerTokens.Value.TokenLifetime);
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? passwordHasher.HashPassword(account, attempt.Password!) : null;

        await ChangeAsync(s =>
        {
            RemoveExpiredSessions(s, now);
            while (s.Sessions.Count >= bearerTokens.Value.MaxSessionsPerUser)
            {
                s.Sessions.Remove(s.Sessions.MinBy(pair => pair.Value.CreatedAt).Key);
            }

            s.Sessions[AccessToken.HashSecret(secret)] = session;
            s.Throttle = null;
            if (acceptedCode is not null)
            {
                s.TwoFactor = acceptedCode.Value.After;
            }

            if (rehash is not null)
            {
                s.Account = account with { PasswordHash = rehash };
            }

            var signedIn = AccountAudit(session.Id, attempt.ClientAddress, KeyAction.SignedIn);
            return acceptedCode is { UsedRecoveryCode: true }
                ? Changed(true, signedIn, AccountAudit(session.Id, attempt.ClientAddress, KeyAction.RecoveryCodeUsed))
                : Changed(true, signedIn);
        });

        return new LoginResult(LoginStatus.Succeeded, new IssuedToken(token, session.ExpiresAt, session.Id));
    }

    public async Task LogoutAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        var tokenHash = AccessToken.HashSecret(caller.TokenSecret);
        await ChangeAsync(s => Changed(s.Sessions.Remove(tokenHash)));
    }

    public Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CallerCredentials caller)
    {
        var current = RequireSession(caller);
        var now = time.GetUtcNow();
        IReadOnlyList<SessionInfo> sessions = [.. state.State.Sessions.Values
            .Where(session => session.ExpiresAt > now)
            .OrderByDescending(session => session.CreatedAt)
            .Select(session => new SessionInfo(session.Id, session.CreatedAt, session.ExpiresAt, session.Id == current.Id))];
        return Task.FromResult(sessions);
    }

    public async Task<bool> RevokeSessionAsync(CallerCredentials caller, string sessionId)
    {
        RequireSession(caller);
        return await ChangeAsync(s =>
        {
            var now = time.GetUtcNow();
            var hash = s.Sessions.FirstOrDefault(pair => pair.Value.Id == sessionId && pair.Value.ExpiresAt > now).Key;
            return hash is not null && s.Sessions.Remove(hash) ? Changed(true) : Unchanged(false);
        });
    }

    public async Task<bool> ChangePasswordAsync(CallerCredentials caller, string currentPassword, string newPassword)
    {
        var current = RequireSession(caller);
        ThrowIfLockedOut();
        var account = state.State.Account!;
        if (passwordHasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(caller.ClientAddress);
            return false;
        }

        if (!Password.TryValidate(newPassword, out var error))
        {
            throw new ArgumentException(error, nameof(newPassword));
        }

        var hash = passwordHasher.HashPassword(account, newPassword);
        await ChangeAsync(s =>
        {
            s.Account = s.Account! with { PasswordHash = hash };
            s.Throttle = null;
            // Whoever else held a token may have learnt the old password: only this session stays.
            foreach (var (tokenHash, _) in s.Sessions.Where(pair => pair.Value.Id != current.Id).ToList())
            {
                s.Sessions.Remove(tokenHash);
            }

            return Changed(true, AccountAudit(current.Id, caller.ClientAddress, KeyAction.PasswordChanged));
        });
        LogPasswordChanged(UserName);
        return true;
    }

    /// <summary>While the account is locked nothing is checked: a guess then costs the guesser time and learns nothing.</summary>
    private void ThrowIfLockedOut()
    {
        var throttle = state.State.Account is null ? _unknownUserThrottle : state.State.Throttle;
        if (throttle?.LockedFor(time.GetUtcNow(), Security) is { } wait)
        {
            throw new TooManyAttemptsException(wait);
        }
    }

    /// <summary>Counts a wrong password or code; durable for a real account, so a restart does not reset it.</summary>
    private async Task RecordFailureAsync(string? clientAddress)
    {
        var now = time.GetUtcNow();
        if (state.State.Account is null)
        {
            _unknownUserThrottle = LoginThrottle.AfterFailure(_unknownUserThrottle, now, Security);
            return;
        }

        var throttle = await ChangeAsync(s =>
        {
            s.Throttle = LoginThrottle.AfterFailure(s.Throttle, now, Security);
            return Changed(s.Throttle, AccountAudit(null, clientAddress, KeyAction.AuthenticationFailed));
        });
        if (throttle.LockedFor(now, Security) is not null)
        {
            LogLockedOut(UserName, throttle.Failures);
        }
    }

    private AuditRecord AccountAudit(string? sessionId, string? clientAddress, string action) =>
        new(Guid.NewGuid(), Provider: null, action, Version: null, time.GetUtcNow(), sessionId, clientAddress);

    private static void RemoveExpiredSessions(UserKeysState s, DateTimeOffset now)
    {
        foreach (var (hash, _) in s.Sessions.Where(pair => pair.Value.ExpiresAt <= now).ToList())
        {
            s.Sessions.Remove(hash);
        }
    }

    [LoggerMessage(LogLevel.Information, "User {UserName} signed up.")]
    private partial void LogSignedUp(string userName);

    [LoggerMessage(LogLevel.Information, "User {UserName} changed the password; every other session was revoked.")]
    private partial void LogPasswordChanged(string userName);

    [LoggerMessage(LogLevel.Warning, "User {UserName} is locked out after {Failures} failed passwords or codes in a row.")]
    private partial void LogLockedOut(string userName, int failures);
}
