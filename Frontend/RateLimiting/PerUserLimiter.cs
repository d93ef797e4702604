using System.Threading.RateLimiting;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>Asked inside the handler: the middleware limits whole endpoints, and a page is one endpoint for all its forms.</summary>
public abstract class PerUserLimiter(int permitsPerMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimits.PerMinute(user, permitsPerMinute));

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
