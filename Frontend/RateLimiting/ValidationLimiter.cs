using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>
/// Key checks per user (setting <c>RateLimits:ValidationsPerMinutePerUser</c>), one budget shared
/// by the API's validate route and the settings page's Validate button: each check is a call to
/// the provider with the user's key, which must not become a way to hammer a provider.
/// </summary>
public sealed class ValidationLimiter(IOptions<RateLimitOptions> options) : PerUserLimiter(options.Value.ValidationsPerMinutePerUser);
