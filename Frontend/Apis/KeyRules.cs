using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Frontend.Telemetry;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The frontend's own checks and messages of key changes, one copy for the JSON API and the keys page.</summary>
public static class KeyRules
{
    public const string TooManyReveals = "Too many reveals";

    public const string TooManyChecks = "Too many key checks";

    /// <summary>
    /// Looks at a value before it goes to the grain, which checks it again and is the authority:
    /// a value it would refuse is refused here with the same <see cref="FailureCode.InvalidInput"/>
    /// (field <c>value</c>), never reaches a grain, and is counted by <see cref="FrontendMetrics"/>.
    /// Null when the value may be sent.
    /// </summary>
    public static KeyKeeperException? RefusalOfValue(ProviderName provider, string? value)
    {
        if (KeyValue.TryNormalizeFor(provider, value, out _, out var error))
        {
            return null;
        }

        FrontendMetrics.KeyValueRefused();
        return KeyKeeperException.InvalidInput("value", error);
    }

    /// <summary>A per-user budget that is spent (<see cref="RevealLimiter"/>, <see cref="ValidationLimiter"/>): "Too many reveals: try again in 3 seconds."</summary>
    public static string BudgetSpent(string what, TimeSpan retryAfter) => $"{what}: try again in {RetryAfter.Seconds(retryAfter)} seconds.";
}
