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

    public async Task<IReadOnlyList<string>> ConfirmTwoFactorAsync(CallerCredentials caller, string code)
    {
        var actor = RequireActor(caller);
        var codes = (await ChangeAsync(s => _user.TwoFactor.Confirm(s, actor, _user.Account, code))).Unwrap();
        LogTwoFactorEnabled(UserName);
        return codes;
    }

    public async Task DisableTwoFactorAsync(CallerCredentials caller, string password, string code)
    {
        var actor = RequireActor(caller);
        (await ChangeAsync(s => _user.TwoFactor.Disable(s, actor, _user.Account, password, code))).Unwrap();
        LogTwoFactorDisabled(UserName);
    }

    [LoggerMessage(LogLevel.Information, "User {UserName} turned two-factor authentication on.")]
    private partial void LogTwoFactorEnabled(string userName);

    [LoggerMessage(LogLevel.Information, "User {UserName} turned two-factor authentication off.")]
    private partial void LogTwoFactorDisabled(string userName);
}
