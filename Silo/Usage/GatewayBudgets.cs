using System.Threading.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;

namespace KeyKeeper.Silo.Usage;

/// <summary>
/// One user's app tokens' rate and daily budget, held by the user's grain: every frontend asks the
/// same activation, so a limit holds across frontends and silos. A request is admitted or refused
/// before it is forwarded, so a budget is exceeded by at most the requests already in flight when
/// it ran out. The day's tokens are read from the ledger once per activation and day, then counted
/// as uses are recorded; the rate is kept in memory (after a failover, a minute starts afresh).
/// </summary>
public sealed class GatewayBudgets(UsageLedger ledger, string userName, TimeProvider time)
{
    private readonly Dictionary<string, (int PerMinute, SlidingWindowRateLimiter Limiter)> _rates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateOnly Day, long Tokens)> _tokensToday = new(StringComparer.Ordinal);

    private DateTimeOffset Now => time.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public async Task AdmitAsync(AppToken appToken)
    {
        if (appToken.Limits?.TokensPerDay is { } budget)
        {
            var used = await TokensTodayAsync(appToken.Id);
            if (used >= budget)
            {
                var midnight = new DateTimeOffset(Today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                throw KeyKeeperException.LimitReached(
                    $"This app token has used its {budget:N0} tokens for today (UTC); it can be used again at midnight UTC, or its owner can raise the limit.", midnight - Now);
            }
        }

        if (appToken.Limits?.RequestsPerMinute is { } perMinute)
        {
            var limiter = RateOf(appToken.Id, perMinute);
            // Replenished on use rather than by the limiter's own timer, which would keep every activation's limiters alive.
            limiter.TryReplenish();
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                throw KeyKeeperException.LimitReached($"This app token may start {perMinute:N0} requests a minute; try again in {KeyKeeperException.WholeSeconds(wait)} seconds.", wait);
            }
        }
    }

    /// <summary>Adds a recorded use to the day's count, when that day's count is held.</summary>
    public void Counted(GatewayUse use)
    {
        if (_tokensToday.TryGetValue(use.AppTokenId, out var today) && today.Day == Today)
        {
            _tokensToday[use.AppTokenId] = (today.Day, today.Tokens + use.InputTokens + use.OutputTokens);
        }
    }

    private async Task<long> TokensTodayAsync(string appTokenId)
    {
        var day = Today;
        if (_tokensToday.TryGetValue(appTokenId, out var held) && held.Day == day)
        {
            return held.Tokens;
        }

        var rows = await ledger.ReadAsync(userName, appTokenId, day, day);
        var tokens = rows.Sum(row => row.InputTokens + row.OutputTokens);
        _tokensToday[appTokenId] = (day, tokens);
        return tokens;
    }

    private SlidingWindowRateLimiter RateOf(string appTokenId, int perMinute)
    {
        if (_rates.TryGetValue(appTokenId, out var rate) && rate.PerMinute == perMinute)
        {
            return rate.Limiter;
        }

        var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 12,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        _rates[appTokenId] = (perMinute, limiter);
        return limiter;
    }
}
