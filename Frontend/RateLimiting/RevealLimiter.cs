using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>
/// Reveals per user (setting <c>RateLimits:RevealsPerMinutePerUser</c>), one budget shared by the
/// API's reveal route and the settings page's Reveal button.
/// </summary>
public sealed class RevealLimiter(IOptions<RateLimitOptions> options) : PerUserLimiter(options.Value.RevealsPerMinutePerUser);
