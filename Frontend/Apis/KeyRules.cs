using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Frontend.Telemetry;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The frontend's own checks and messages of key changes, one copy for the JSON API and the keys page.</summary>
public static class KeyRules
{
    public const string TooManyReveals = "Too many reveals";

    public const string TooManyChecks = "Too many key checks";

    /// <summary>The grain checks the value again and is the authority; a value it would refuse never reaches it.</summary>
    public static KeyKeeperException? RefusalOfValue(ProviderName provider, string? value)
    {
        if (KeyValue.TryNormalizeFor(provider, value, out _, out var error))
        {
            return null;
        }

        FrontendMetrics.KeyValueRefused();
        return KeyKeeperException.InvalidInput("value", error);
    }

    public static string BudgetSpent(string what, TimeSpan retryAfter) => $"{what}: try again in {RetryAfter.Seconds(retryAfter)} seconds.";
}
