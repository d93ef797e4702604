using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.RateLimiting;

public sealed class RevealLimiter(IOptions<RateLimitOptions> options) : PerUserLimiter(options.Value.RevealsPerMinutePerUser);
