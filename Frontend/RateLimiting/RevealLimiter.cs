using System.Threading.RateLimiting;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>
/// Reveals per user (setting <c>RateLimits:RevealsPerMinutePerUser</c>), one budget shared by the
/// API's reveal route and the settings page's Reveal button. The rate-limiting middleware limits
/// whole endpoints, and a page is one endpoint for all its forms, so both ask this limiter inside
/// the handler instead.
/// </summary>
public sealed class RevealLimiter(IConfiguration configuration) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimits.PerMinute(user, (configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new()).RevealsPerMinutePerUser));

    /// <summary>True when the user may reveal now; otherwise how long to wait.</summary>
    public bool TryAcquire(string userName, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userName);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
