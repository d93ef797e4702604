using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;

namespace KeyKeeper.Silo.Users;

/// <summary>The two-factor role (rules in <see cref="Accounts.TwoFactor"/>); wrong codes count towards the lockout like wrong passwords.</summary>
public sealed partial class UserKeysGrain
{
    public Task<TwoFactorStatus> GetTwoFactorStatusAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        return Task.FromResult(TwoFactor.Status(State));
    }

    public Task<TwoFactorEnrolment> BeginTwoFactorEnrolmentAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        return ChangeAsync(_user.TwoFactor.BeginEnrolment);
    }

    public async Task<TwoFactorConfirmation> ConfirmTwoFactorAsync(CallerCredentials caller, string password, string code)
    {
        var actor = RequireActor(caller);
        var confirmation = (await ChangeAsync(s => _user.TwoFactor.Confirm(s, actor, _user.Account, _user.AppTokens, password, code))).Unwrap();
        LogTwoFactorEnabled(UserName, confirmation.AppTokensRevoked);
        return confirmation;
    }

    public async Task<int> DisableTwoFactorAsync(CallerCredentials caller, string password, string code)
    {
        var actor = RequireActor(caller);
        var revoked = (await ChangeAsync(s => _user.TwoFactor.Disable(s, actor, _user.Account, _user.AppTokens, password, code))).Unwrap();
        LogTwoFactorDisabled(UserName, revoked);
        return revoked;
    }

    [LoggerMessage(LogLevel.Information, "User {UserName} turned two-factor authentication on; {AppTokens} app tokens were revoked.")]
    private partial void LogTwoFactorEnabled(string userName, int appTokens);

    [LoggerMessage(LogLevel.Information, "User {UserName} turned two-factor authentication off; {AppTokens} app tokens were revoked.")]
    private partial void LogTwoFactorDisabled(string userName, int appTokens);
}
