using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Usage;

namespace KeyKeeper.Silo.Users;

/// <summary>The app-token role (rules in <see cref="Accounts.AppTokens"/>): an AI app reads the keys it was given, every read audited first.</summary>
public sealed partial class UserKeysGrain
{
    public async Task<CreatedAppToken> CreateAppTokenAsync(CallerCredentials caller, AppTokenRequest request, Reauthentication proof)
    {
        var actor = RequireActor(caller);
        return (await ChangeAsync(s => _user.AppTokens.Create(s, actor, request, proof, _user.Account, _user.TwoFactor))).Unwrap();
    }

    public Task<IReadOnlyList<AppTokenInfo>> ListAppTokensAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        return Task.FromResult(_user.AppTokens.List(State));
    }

    public async Task RevokeAppTokenAsync(CallerCredentials caller, string appTokenId)
    {
        var actor = RequireActor(caller);
        await ChangeAsync(s => _user.AppTokens.Revoke(s, actor, appTokenId));
    }

    public Task<KeyForUse> UseKeyAsync(CallerCredentials appCaller, string provider, bool deploymentKeyAllowed) =>
        AuditedReadAsync(_user.AppTokens.Use(State, appCaller, provider, _user.Keys, deploymentKeyAllowed ? _user.DeploymentKeys.For(provider) : null));

    public async Task<GatewayGrant> OpenKeyForGatewayAsync(CallerCredentials appCaller, string provider)
    {
        var (grant, appToken) = _user.AppTokens.OpenForGateway(State, appCaller, provider, _user.Keys, _user.DeploymentKeys.GatewayFallbackFor(provider));
        await _user.Budgets.AdmitAsync(appToken);
        return grant;
    }

    public Task RecordGatewayUseAsync(GatewayUse use)
    {
        _user.Budgets.Counted(use);
        // Committed by the ledger's group commit while the grain takes its next calls, so one
        // user's apps are not held to one commit at a time.
        _user.Usage.Record(UserName, use, Now);
        // The user learns from the keys page that the app's failures are the key's fault.
        return use is { Status: 401 or 403, KeyVersion: { } version }
            ? ChangeAsync(s => _user.Keys.RefusedByProvider(s, new Actor(null, null, use.AppTokenId), use.Provider, version, use.Status))
            : Task.CompletedTask;
    }

    public async Task<AppTokenInfo> ChangeAppTokenLimitsAsync(CallerCredentials caller, string appTokenId, AppTokenLimits limits)
    {
        var actor = RequireActor(caller);
        return await ChangeAsync(s => _user.AppTokens.ChangeLimits(s, actor, appTokenId, limits));
    }

    public Task<IReadOnlyList<UsageDay>> GetUsageAsync(CallerCredentials caller, string? appTokenId, DateOnly from, DateOnly to)
    {
        RequireSession(caller);
        if (to < from || to.DayNumber - from.DayNumber >= UsageLedger.MaxDays)
        {
            throw KeyKeeperException.InvalidInput("from", $"Ask for 1 to {UsageLedger.MaxDays} days, 'from' not after 'to'.");
        }

        return _user.Usage.ReadAsync(UserName, appTokenId, from, to);
    }
}
