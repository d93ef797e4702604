namespace KeyKeeper.Grains.Abstractions;

/// <summary>Sign-up, login with 2FA and lockout, sessions and the password.</summary>
[Alias("keykeeper.IUserAccount")]
public interface IUserAccount : IGrainWithStringKey
{
    /// <summary>Creates the account; <see cref="FailureCode.Conflict"/> when the name is taken.</summary>
    [Alias("SignUp")]
    Task SignUpAsync(string password, string? email);

    /// <summary>Checks the password (and the code, once 2FA is on) and issues a new session token.</summary>
    [Alias("Login")]
    Task<IssuedToken> LoginAsync(LoginAttempt attempt);

    /// <summary>
    /// A login in two steps, for a form: like <see cref="LoginAsync"/>, but when 2FA wants a code that
    /// was not given, answers a single-use <see cref="LoginChallenge"/> for <see cref="FinishLoginAsync"/>,
    /// so the password is checked once and kept nowhere.
    /// </summary>
    [Alias("StartLogin")]
    Task<LoginProgress> StartLoginAsync(LoginAttempt attempt);

    /// <summary>The code step: a right code spends the challenge and issues a session; a wrong one is counted like a wrong login.</summary>
    [Alias("FinishLogin")]
    Task<IssuedToken> FinishLoginAsync(LoginCodeStep step);

    /// <summary>Revokes the caller's session.</summary>
    [Alias("Logout")]
    Task LogoutAsync(CallerCredentials caller);

    /// <summary>The user's live sessions, newest first.</summary>
    [Alias("ListSessions")]
    Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CallerCredentials caller);

    /// <summary>Revokes one of the user's live sessions by id.</summary>
    [Alias("RevokeSession")]
    Task RevokeSessionAsync(CallerCredentials caller, string sessionId);

    /// <summary>
    /// Changes the password and revokes every other session and every app token (returns how many
    /// app tokens); <see cref="FailureCode.WrongPassword"/> when the current one is wrong.
    /// </summary>
    [Alias("ChangePassword")]
    Task<int> ChangePasswordAsync(CallerCredentials caller, string currentPassword, string newPassword);
}
