using Orleans.Concurrency;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>App tokens: an AI app reads chosen providers' keys, every read audited.</summary>
[Alias("keykeeper.IUserAppTokens")]
public interface IUserAppTokens : IGrainWithStringKey
{
    /// <summary>Creates an app token limited to the given providers' keys until it expires; needs the password (and a code when 2FA is on).</summary>
    [Alias("CreateAppToken")]
    Task<CreatedAppToken> CreateAppTokenAsync(CallerCredentials caller, AppTokenRequest request, Reauthentication proof);

    /// <summary>The tokens that have not expired, newest first.</summary>
    [Alias("ListAppTokens")]
    Task<IReadOnlyList<AppTokenInfo>> ListAppTokensAsync(CallerCredentials caller);

    [Alias("RevokeAppToken")]
    Task RevokeAppTokenAsync(CallerCredentials caller, string appTokenId);

    /// <summary>Replaces an app token's limits (audited); a request already admitted is not taken back.</summary>
    [Alias("ChangeAppTokenLimits")]
    Task<AppTokenInfo> ChangeAppTokenLimitsAsync(CallerCredentials caller, string appTokenId, AppTokenLimits limits);

    /// <summary>A key's plain value for an app token given the provider, audited before it is returned.</summary>
    [Alias("UseKey")]
    Task<KeyForUse> UseKeyAsync(CallerCredentials appCaller, string provider, bool deploymentKeyAllowed);

    /// <summary>
    /// The key the gateway sends to the provider for an app token given it: the user's own, else the
    /// deployment's default where the deployment allows it. Checked as <see cref="UseKeyAsync"/> is; written nowhere.
    /// </summary>
    [Alias("OpenKeyForGateway")]
    Task<GatewayGrant> OpenKeyForGatewayAsync(CallerCredentials appCaller, string provider);

    /// <summary>
    /// Counts a request the gateway forwarded: at once in the token's limits, and in the usage ledger by a
    /// group commit moments later; the user's state row is not written. One-way: the gateway's request is
    /// over once the app has its answer.
    /// </summary>
    [Alias("RecordGatewayUse")]
    [OneWay]
    Task RecordGatewayUseAsync(GatewayUse use);

    /// <summary>The usage ledger's days from <paramref name="from"/> to <paramref name="to"/> (UTC, both included), of one app token or all.</summary>
    [Alias("GetUsage")]
    Task<IReadOnlyList<UsageDay>> GetUsageAsync(CallerCredentials caller, string? appTokenId, DateOnly from, DateOnly to);
}
