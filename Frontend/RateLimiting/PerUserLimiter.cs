using System.Threading.RateLimiting;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>
/// A per-user budget per minute, shared by an API route and the settings page's button for the
/// same action. The rate-limiting middleware limits whole endpoints, and a page is one endpoint
/// for all its forms, so both ask the limiter inside the handler instead.
/// </summary>
public abstract class PerUserLimiter(int permitsPerMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimits.PerMinute(user, permitsPerMinute));

    /// <summary>True when the user may go ahead now; otherwise how long to wait.</summary>
    public bool TryAcquire(string userName, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userName);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
