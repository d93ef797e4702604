using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>
/// Per-address limits on login and 2FA attempts, per-user limits on reveals (<see cref="RevealLimiter"/>),
/// key checks (<see cref="ValidationLimiter"/>) and app-token reads (setting section <c>RateLimits</c>). They are per frontend replica and reset when it
/// restarts; the lockout that must survive both lives in the user's grain.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Logins and 2FA attempts per client address per minute.</summary>
    public int SignInsPerMinutePerAddress { get; set; } = 20;

    /// <summary>Reveals per user per minute.</summary>
    public int RevealsPerMinutePerUser { get; set; } = 30;

    /// <summary>Checks of keys with their providers per user per minute.</summary>
    public int ValidationsPerMinutePerUser { get; set; } = 10;

    /// <summary>Key reads by app tokens per user per minute.</summary>
    public int KeyUsesPerMinutePerUser { get; set; } = 600;
}

public static class RateLimits
{
    /// <summary>Login and 2FA routes, partitioned by client address.</summary>
    public const string SignIn = "sign-in";

    /// <summary>App-token reads of key values, partitioned by user.</summary>
    public const string KeyUse = "key-use";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddKeyKeeperRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SignIn, context => PerMinute($"address:{context.Connection.RemoteIpAddress}", options.SignInsPerMinutePerAddress));
            limiter.AddPolicy(KeyUse, context => PerMinute($"user:{UserOf(context)}", options.KeyUsesPerMinutePerUser));
            limiter.OnRejected = RejectAsync;
        }).AddSingleton<RevealLimiter>().AddSingleton<ValidationLimiter>();
    }

    /// <summary>A sliding one-minute window of <paramref name="permits"/>, with no queue.</summary>
    public static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });

    private static string UserOf(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "(anonymous)";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window / 6;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = RetryAfter.Set(context.Response, retryAfter);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many attempts from here. Try again in {seconds} seconds.",
            },
        });
    }
}
