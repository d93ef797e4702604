using System.Security.Cryptography;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Users;
using Microsoft.AspNetCore.Identity;

namespace KeyKeeper.Silo.Accounts;

public sealed partial class Account(
    string userName,
    IPasswordHasher<UserAccount> hasher,
    AccountSecurityOptions security,
    BearerTokenOptions tokens,
    AccessTokenKey tokenKey,
    TimeProvider time,
    ILogger logger)
{
    public const string WrongCredentials = "The username or password is wrong.";

    /// <summary>
    /// A name without an account has no row to count its failures in: the grain loads them from
    /// <see cref="UnknownNameThrottles"/> before a login and saves them after, so a guesser sees
    /// the same lockout for names that exist and names that do not.
    /// </summary>
    public LoginThrottle? UnknownNameThrottle { get; set; }

    public UserSession RequireSession(UserKeysState state, CallerCredentials caller) =>
        caller?.TokenSecret is { } secret
        && state.Sessions.TryGetValue(AccessToken.HashSecret(secret), out var session)
        && session.ExpiresAt > time.GetUtcNow()
            ? session
            : throw KeyKeeperException.SessionRejected();

    public Change<bool> SignUp(UserKeysState state, string passwordHash, string? email)
    {
        if (state.Account is not null)
        {
            throw KeyKeeperException.Conflict($"An account named '{userName}' already exists.");
        }

        state.Account = new UserAccount(userName, email, passwordHash, time.GetUtcNow());
        return Change.Made(true);
    }

    /// <summary>While the account is locked nothing is checked: a guess then costs the guesser time and learns nothing.</summary>
    public void ThrowIfLockedOut(UserKeysState state)
    {
        var throttle = state.Account is null ? UnknownNameThrottle : state.Throttle;
        if (throttle?.LockedFor(time.GetUtcNow(), security) is { } wait)
        {
            throw KeyKeeperException.TooManyAttempts(wait);
        }
    }

    public PasswordVerificationResult Verify(UserKeysState state, string? password)
    {
        var account = state.Account;
        var verdict = hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? LegacyAwarePasswordHasher.DecoyHash.Value, password ?? string.Empty);
        return account is null ? PasswordVerificationResult.Failed : verdict;
    }

    /// <summary>Counts a wrong password or code: durably and audited for a real account, so a restart does not reset it.</summary>
    public Change<Verdict<T>> Failure<T>(UserKeysState state, string? clientAddress, KeyKeeperException refusal)
    {
        var now = time.GetUtcNow();
        if (state.Account is null)
        {
            UnknownNameThrottle = LoginThrottle.AfterFailure(UnknownNameThrottle, now, security);
            return Change.None<Verdict<T>>(refusal);
        }

        state.Throttle = LoginThrottle.AfterFailure(state.Throttle, now, security);
        if (state.Throttle.LockedFor(now, security) is not null)
        {
            LogLockedOut(userName, state.Throttle.Failures);
        }

        return Change.Made<Verdict<T>>(refusal, new Actor(null, clientAddress).Did(AuditAction.AuthenticationFailed, now));
    }

    /// <summary>
    /// The password again, and a code when 2FA is on, for a change that mints lasting access; null
    /// when both are right (a code used is spent), else the counted failure to return.
    /// </summary>
    public Change<Verdict<T>>? Reauthenticate<T>(UserKeysState state, Actor actor, Reauthentication proof, TwoFactor twoFactor)
    {
        ThrowIfLockedOut(state);
        var enabled = TwoFactor.Enabled(state);
        var passwordRight = Verify(state, proof.Password) != PasswordVerificationResult.Failed;
        var accepted = enabled is null ? null : twoFactor.Accept(state, enabled, proof.Code);
        if (!passwordRight || (enabled is not null && accepted is null))
        {
            return Failure<T>(state, actor.ClientAddress, KeyKeeperException.WrongPassword(enabled is null
                ? "The password is wrong; nothing was changed."
                : "The password or the authentication code is wrong; nothing was changed."));
        }

        if (accepted is { } used)
        {
            state.TwoFactor = used.After;
        }

        state.Throttle = null;
        return null;
    }

    /// <summary>A right password without a code only asks for the code: it is not counted as a failure.</summary>
    public Change<Verdict<IssuedToken>> Login(UserKeysState state, LoginAttempt attempt, TwoFactor twoFactor)
    {
        ThrowIfLockedOut(state);
        var verdict = Verify(state, attempt.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return Failure<IssuedToken>(state, attempt.ClientAddress, KeyKeeperException.LoginFailed(WrongCredentials, twoFactorRequired: false));
        }

        var code = AuthenticationCode.Clean(attempt.Code);
        var enabled = TwoFactor.Enabled(state);
        if (enabled is not null && code is null)
        {
            return Change.None<Verdict<IssuedToken>>(KeyKeeperException.LoginFailed(
                "This account has two-factor authentication: send the code from the authenticator app (or a recovery code) as 'totp'.", twoFactorRequired: true));
        }

        var accepted = enabled is null ? null : twoFactor.Accept(state, enabled, code);
        if (enabled is not null && accepted is null)
        {
            return Failure<IssuedToken>(state, attempt.ClientAddress, KeyKeeperException.LoginFailed("The authentication code is wrong, expired or already used.", twoFactorRequired: true));
        }

        var token = OpenSession(state, RehashIfNeeded(state, verdict, attempt.Password));
        var actor = new Actor(token.SessionId, attempt.ClientAddress);
        var now = time.GetUtcNow();
        if (accepted is not { } used)
        {
            return Change.Made<Verdict<IssuedToken>>(token, actor.Did(AuditAction.SignedIn, now));
        }

        state.TwoFactor = used.After;
        return used.UsedRecoveryCode
            ? Change.Made<Verdict<IssuedToken>>(token, actor.Did(AuditAction.SignedIn, now), actor.Did(AuditAction.RecoveryCodeUsed, now))
            : Change.Made<Verdict<IssuedToken>>(token, actor.Did(AuditAction.SignedIn, now));
    }

    private IssuedToken OpenSession(UserKeysState state, string? newPasswordHash)
    {
        var now = time.GetUtcNow();
        RemoveExpired(state.Sessions, now);
        while (state.Sessions.Count >= tokens.MaxSessionsPerUser)
        {
            state.Sessions.Remove(state.Sessions.MinBy(pair => pair.Value.CreatedAt).Key);
        }

        var (token, secret) = AccessToken.Create(userName, tokenKey);
        var session = new UserSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), now, now + tokens.TokenLifetime);
        state.Sessions[AccessToken.HashSecret(secret)] = session;
        state.Throttle = null;
        if (newPasswordHash is not null)
        {
            state.Account = state.Account! with { PasswordHash = newPasswordHash };
        }

        return new IssuedToken(token, session.ExpiresAt, session.Id);
    }

    public Change<bool> CloseSession(UserKeysState state, CallerCredentials caller) =>
        Change.Made(state.Sessions.Remove(AccessToken.HashSecret(caller.TokenSecret)));

    public IReadOnlyList<SessionInfo> Sessions(UserKeysState state, UserSession current)
    {
        var now = time.GetUtcNow();
        return [.. state.Sessions.Values
            .Where(session => session.ExpiresAt > now)
            .OrderByDescending(session => session.CreatedAt)
            .Select(session => new SessionInfo(session.Id, session.CreatedAt, session.ExpiresAt, session.Id == current.Id))];
    }

    public Change<bool> RevokeSession(UserKeysState state, string sessionId)
    {
        var now = time.GetUtcNow();
        var hash = state.Sessions.FirstOrDefault(pair => pair.Value.Id == sessionId && pair.Value.ExpiresAt > now).Key;
        return hash is not null && state.Sessions.Remove(hash)
            ? Change.Made(true)
            : throw KeyKeeperException.NotFound("There is no live session with this id.");
    }

    /// <summary>The new password replaces the old, and only the current session stays: whoever else held a token may have learnt the old one.</summary>
    public Change<Verdict<int>> ChangePassword(UserKeysState state, Actor actor, UserSession current, string currentPassword, string newPassword, AppTokens appTokens)
    {
        ThrowIfLockedOut(state);
        if (Verify(state, currentPassword) == PasswordVerificationResult.Failed)
        {
            return Failure<int>(state, actor.ClientAddress, KeyKeeperException.WrongPassword("The current password is wrong; nothing was changed."));
        }

        if (!Password.TryValidate(newPassword, out var error))
        {
            throw KeyKeeperException.InvalidInput("newPassword", error);
        }

        state.Account = state.Account! with { PasswordHash = hasher.HashPassword(state.Account, newPassword) };
        state.Throttle = null;
        foreach (var (tokenHash, _) in state.Sessions.Where(pair => pair.Value.Id != current.Id).ToList())
        {
            state.Sessions.Remove(tokenHash);
        }

        var now = time.GetUtcNow();
        var revoked = appTokens.RevokeAll(state, actor, now);
        return Change.Made<Verdict<int>>(revoked.Count, [actor.Did(AuditAction.PasswordChanged, now), .. revoked]);
    }

    public string Hash(string password) => hasher.HashPassword(null!, password);

    private string? RehashIfNeeded(UserKeysState state, PasswordVerificationResult verdict, string password) =>
        verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(state.Account!, password) : null;

    private static void RemoveExpired(Dictionary<string, UserSession> sessions, DateTimeOffset now)
    {
        foreach (var (hash, _) in sessions.Where(pair => pair.Value.ExpiresAt <= now).ToList())
        {
            sessions.Remove(hash);
        }
    }

    [LoggerMessage(LogLevel.Warning, "User {UserName} is locked out after {Failures} failed passwords or codes in a row.")]
    private partial void LogLockedOut(string userName, int failures);
}
