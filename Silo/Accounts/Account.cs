using System.Buffers.Text;
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

    public const int MaxLoginChallenges = 5;

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
        if (CheckPassword<IssuedToken>(state, attempt, out var newPasswordHash) is { } refused)
        {
            return refused;
        }

        var code = AuthenticationCode.Clean(attempt.Code);
        var enabled = TwoFactor.Enabled(state);
        return enabled is not null && code is null
            ? Change.None<Verdict<IssuedToken>>(KeyKeeperException.LoginFailed(
                "This account has two-factor authentication: send the code from the authenticator app (or a recovery code) as 'totp'.", twoFactorRequired: true))
            : SignIn(state, attempt.ClientAddress, enabled, code, twoFactor, newPasswordHash);
    }

    /// <summary>
    /// The form's first step: where <see cref="Login"/> would ask for the code, a challenge is stored
    /// (its hash, at most <see cref="MaxLoginChallenges"/>, the oldest dropped) so the code step needs
    /// no password.
    /// </summary>
    public Change<Verdict<LoginProgress>> StartLogin(UserKeysState state, LoginAttempt attempt, TwoFactor twoFactor)
    {
        if (CheckPassword<LoginProgress>(state, attempt, out var newPasswordHash) is { } refused)
        {
            return refused;
        }

        var code = AuthenticationCode.Clean(attempt.Code);
        var enabled = TwoFactor.Enabled(state);
        if (enabled is null || code is not null)
        {
            var signedIn = SignIn(state, attempt.ClientAddress, enabled, code, twoFactor, newPasswordHash);
            return new(signedIn.Result.Refusal ?? new Verdict<LoginProgress>(new LoginProgress(signedIn.Result.Value, null), null), signedIn.Events);
        }

        if (newPasswordHash is not null)
        {
            state.Account = state.Account! with { PasswordHash = newPasswordHash };
        }

        var now = time.GetUtcNow();
        RemoveExpired(state.LoginChallenges, now);
        while (state.LoginChallenges.Count >= MaxLoginChallenges)
        {
            state.LoginChallenges.Remove(state.LoginChallenges.MinBy(pair => pair.Value).Key);
        }

        var challenge = new LoginChallenge(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), now + security.LoginChallengeLifetime);
        // The failure count stays: a code guesser who knows the password must not reset it by signing in again.
        state.LoginChallenges[AccessToken.HashSecret(challenge.Secret)] = challenge.ExpiresAt;
        return Change.Made<Verdict<LoginProgress>>(new LoginProgress(null, challenge));
    }

    /// <summary>A challenge works once, until it expires, while 2FA stays on and the password unchanged.</summary>
    public Change<Verdict<IssuedToken>> FinishLogin(UserKeysState state, LoginCodeStep step, TwoFactor twoFactor)
    {
        ThrowIfLockedOut(state);
        var challenge = AccessToken.HashSecret(step.Challenge ?? string.Empty);
        if (!state.LoginChallenges.TryGetValue(challenge, out var expiresAt) || expiresAt <= time.GetUtcNow() || TwoFactor.Enabled(state) is not { } enabled)
        {
            return Change.None<Verdict<IssuedToken>>(KeyKeeperException.LoginFailed(
                "The sign-in took too long or was already completed. Enter your username and password again.", twoFactorRequired: false));
        }

        if (AuthenticationCode.Clean(step.Code) is not { } code)
        {
            return Change.None<Verdict<IssuedToken>>(KeyKeeperException.LoginFailed(
                "Enter the code from your authenticator app, or a recovery code.", twoFactorRequired: true));
        }

        var signedIn = SignIn(state, step.ClientAddress, enabled, code, twoFactor, newPasswordHash: null);
        if (signedIn.Result.Refusal is null)
        {
            state.LoginChallenges.Remove(challenge);
        }

        return signedIn;
    }

    private Change<Verdict<T>>? CheckPassword<T>(UserKeysState state, LoginAttempt attempt, out string? newPasswordHash)
    {
        ThrowIfLockedOut(state);
        var verdict = Verify(state, attempt.Password);
        newPasswordHash = RehashIfNeeded(state, verdict, attempt.Password);
        return verdict == PasswordVerificationResult.Failed
            ? Failure<T>(state, attempt.ClientAddress, KeyKeeperException.LoginFailed(WrongCredentials, twoFactorRequired: false))
            : null;
    }

    private Change<Verdict<IssuedToken>> SignIn(UserKeysState state, string? clientAddress, TwoFactorState? enabled, string? code, TwoFactor twoFactor, string? newPasswordHash)
    {
        var accepted = enabled is null ? null : twoFactor.Accept(state, enabled, code);
        if (enabled is not null && accepted is null)
        {
            return Failure<IssuedToken>(state, clientAddress, KeyKeeperException.LoginFailed("The authentication code is wrong, expired or already used.", twoFactorRequired: true));
        }

        var token = OpenSession(state, newPasswordHash);
        var actor = new Actor(token.SessionId, clientAddress);
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
        state.LoginChallenges.Clear();
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

    private static void RemoveExpired(Dictionary<string, DateTimeOffset> challenges, DateTimeOffset now)
    {
        foreach (var (hash, _) in challenges.Where(pair => pair.Value <= now).ToList())
        {
            challenges.Remove(hash);
        }
    }

    [LoggerMessage(LogLevel.Warning, "User {UserName} is locked out after {Failures} failed passwords or codes in a row.")]
    private partial void LogLockedOut(string userName, int failures);
}
