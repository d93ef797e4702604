using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>Each check calls the provider with the user's key, which must not become a way to hammer a provider.</summary>
public sealed class ValidationLimiter(IOptions<RateLimitOptions> options) : PerUserLimiter(options.Value.ValidationsPerMinutePerUser);
