using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The usage ledger of the caller's app tokens: what each did through the gateway, per UTC day and provider.</summary>
public static class UsageApi
{
    /// <summary>The days a usage query covers when it names none: the last 30, today included.</summary>
    public const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/usage", GetUsageAsync).WithTags("Usage").RequireAuthorization();
        routes.MapGet("/api/account/app-tokens/{id}/usage", GetAppTokenUsageAsync).WithTags("Usage").RequireAuthorization();
        return routes;
    }

    /// <summary>Every app token's usage per UTC day and provider, newest day first.</summary>
    /// <remarks>Sum the rows of a day and provider over the tokens for the user's own totals. <c>from</c> and <c>to</c> are UTC days, both included, at most 400 apart; by default the last 30 days.</remarks>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="from">The first UTC day (yyyy-MM-dd).</param>
    /// <param name="to">The last UTC day (yyyy-MM-dd), today by default.</param>
    /// <param name="time">The clock.</param>
    public static Task<Ok<IReadOnlyList<UsageDay>>> GetUsageAsync(Caller caller, DateOnly? from, DateOnly? to, TimeProvider time) =>
        ReadAsync(caller, null, from, to, time);

    /// <summary>One app token's usage per UTC day and provider, newest day first.</summary>
    /// <remarks>As <c>GET /api/usage</c>, for one token; a revoked token's days stay readable.</remarks>
    /// <param name="id">The app token's id.</param>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="from">The first UTC day (yyyy-MM-dd).</param>
    /// <param name="to">The last UTC day (yyyy-MM-dd), today by default.</param>
    /// <param name="time">The clock.</param>
    public static Task<Ok<IReadOnlyList<UsageDay>>> GetAppTokenUsageAsync(string id, Caller caller, DateOnly? from, DateOnly? to, TimeProvider time) =>
        ReadAsync(caller, id, from, to, time);

    private static async Task<Ok<IReadOnlyList<UsageDay>>> ReadAsync(Caller caller, string? appTokenId, DateOnly? from, DateOnly? to, TimeProvider time)
    {
        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(await caller.Grain.GetUsageAsync(caller.Credentials, appTokenId, from ?? last.AddDays(1 - DefaultDays), last));
    }
}
