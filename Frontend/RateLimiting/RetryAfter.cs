using System.Globalization;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>How every 429 and 503 says when to come back: whole seconds, at least one.</summary>
public static class RetryAfter
{
    public static int Seconds(TimeSpan wait) => KeyKeeperException.WholeSeconds(wait);

    /// <summary>Sets the <c>Retry-After</c> header; returns the seconds it says.</summary>
    public static int Set(HttpResponse response, TimeSpan wait)
    {
        var seconds = Seconds(wait);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
