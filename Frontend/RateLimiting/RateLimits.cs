using System.Security.Claims;
using System.Threading.RateLimiting;
using KeyKeeper.ServiceDefaults;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>Per frontend replica and reset when it restarts: the lockout that must survive both lives in the user's grain.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public int SignInsPerMinutePerAddress { get; set; } = 20;

    /// <summary>Each sign-up costs a password hash and a row; the page's sign-up-and-sign-in counts once.</summary>
    public int SignUpsPerHourPerAddress { get; set; } = 10;

    public int RevealsPerMinutePerUser { get; set; } = 30;

    public int ValidationsPerMinutePerUser { get; set; } = 10;

    public int KeyUsesPerMinutePerUser { get; set; } = 600;
}

/// <summary>Refuses a limit below one a minute: it would refuse everything, not limit it.</summary>
public sealed class RateLimitOptionsValidator() : SettingsValidator<RateLimitOptions>(RateLimitOptions.SectionName)
{
    protected override void Check(RateLimitOptions options, SettingChecks checks)
    {
        checks.AtLeast(options.SignInsPerMinutePerAddress, 1);
        checks.AtLeast(options.SignUpsPerHourPerAddress, 1);
        checks.AtLeast(options.RevealsPerMinutePerUser, 1);
        checks.AtLeast(options.ValidationsPerMinutePerUser, 1);
        checks.AtLeast(options.KeyUsesPerMinutePerUser, 1);
    }
}

public static class RateLimits
{
    public const string SignIn = "sign-in";

    public const string SignUp = "sign-up";

    public const string KeyUse = "key-use";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddKeyKeeperRateLimits(this IServiceCollection services)
    {
        services.AddValidatedSettings<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
        services.AddRateLimiter(limiter => limiter.OnRejected = RejectAsync);
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.AddPolicy(SignIn, context => IsSignInAttempt(context)
                ? PerMinute($"address:{context.Connection.RemoteIpAddress}", limits.SignInsPerMinutePerAddress)
                : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.AddPolicy(SignUp, context => HttpMethods.IsPost(context.Request.Method)
                ? Sliding($"sign-up:{context.Connection.RemoteIpAddress}", limits.SignUpsPerHourPerAddress, TimeSpan.FromHours(1))
                : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.AddPolicy(KeyUse, context => PerMinute($"user:{UserOf(context)}", limits.KeyUsesPerMinutePerUser));
        });
        return services.AddSingleton<RevealLimiter>().AddSingleton<ValidationLimiter>();
    }

    public static RateLimitPartition<string> PerMinute(string partition, int permits) => Sliding(partition, permits, Window);

    private static RateLimitPartition<string> Sliding(string partition, int permits, TimeSpan window) =>
        RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });

    /// <summary>The message a limited page shows where its refusals go.</summary>
    public const string RejectedMessageKey = "RateLimits.Rejected";

    // Showing a form is not an attempt; on a page with several forms only its sign-in forms are.
    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.GetEndpoint()?.Metadata.GetMetadata<SignInFormsAttribute>() is not { } forms || forms.Includes(context));

    private static string UserOf(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "(anonymous)";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window / 6;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = RetryAfter.Set(context.Response, retryAfter);
        var message = $"Too many attempts from here. Try again in {seconds} seconds.";
        if (context.GetEndpoint() is { RequestDelegate: { } page } endpoint && endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
        {
            // The page is shown again as on a GET (the posted form is not run), with the message and the 429.
            context.Request.Method = HttpMethods.Get;
            context.Items[RejectedMessageKey] = message;
            await page(context);
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = message,
            },
        });
    }
}
