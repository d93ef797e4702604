using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Users;

/// <summary>The account role: sign-up, login, sessions and the password (rules in <see cref="Accounts.Account"/>).</summary>
public sealed partial class UserKeysGrain
{
    public async Task SignUpAsync(string password, string? email)
    {
        if (!Password.TryValidate(password, out var error))
        {
            throw KeyKeeperException.InvalidInput("password", error);
        }

        var hash = _user.Account.Hash(password);
        await ChangeAsync(s => _user.Account.SignUp(s, hash, email));
        LogSignedUp(UserName);
    }

    public Task<IssuedToken> LoginAsync(LoginAttempt attempt) =>
        CheckLoginAsync(s => _user.Account.Login(s, attempt, _user.TwoFactor));

    public Task<LoginProgress> StartLoginAsync(LoginAttempt attempt) =>
        CheckLoginAsync(s => _user.Account.StartLogin(s, attempt, _user.TwoFactor));

    public async Task<IssuedToken> FinishLoginAsync(LoginCodeStep step) =>
        (await ChangeAsync(s => _user.Account.FinishLogin(s, step, _user.TwoFactor))).Unwrap();

    private async Task<T> CheckLoginAsync<T>(Func<UserKeysState, Change<Verdict<T>>> login)
    {
        if (State.Account is not null)
        {
            return (await ChangeAsync(login)).Unwrap();
        }

        // No account: the same password check, and the failure counted durably elsewhere at the cost of a real account's write.
        var before = _user.Account.UnknownNameThrottle = await _user.UnknownNames.ReadAsync(UserName);
        var verdict = await ChangeAsync(login);
        if (_user.Account.UnknownNameThrottle is { } after && !ReferenceEquals(after, before))
        {
            await _user.UnknownNames.WriteAsync(UserName, after);
        }

        return verdict.Unwrap();
    }

    public async Task LogoutAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        await ChangeAsync(s => _user.Account.CloseSession(s, caller));
    }

    public Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CallerCredentials caller) =>
        Task.FromResult(_user.Account.Sessions(State, RequireSession(caller)));

    public async Task RevokeSessionAsync(CallerCredentials caller, string sessionId)
    {
        RequireSession(caller);
        await ChangeAsync(s => _user.Account.RevokeSession(s, sessionId));
    }

    public async Task<int> ChangePasswordAsync(CallerCredentials caller, string currentPassword, string newPassword)
    {
        var session = RequireSession(caller);
        var actor = new Actor(session.Id, caller.ClientAddress);
        var revoked = (await ChangeAsync(s => _user.Account.ChangePassword(s, actor, session, currentPassword, newPassword, _user.AppTokens))).Unwrap();
        LogPasswordChanged(UserName, revoked);
        return revoked;
    }

    [LoggerMessage(LogLevel.Information, "User {UserName} signed up.")]
    private partial void LogSignedUp(string userName);

    [LoggerMessage(LogLevel.Information, "User {UserName} changed the password; every other session and {AppTokens} app tokens were revoked.")]
    private partial void LogPasswordChanged(string userName, int appTokens);
}
