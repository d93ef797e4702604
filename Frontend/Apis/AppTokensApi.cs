using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The caller's app tokens: create (the token is shown once), list, revoke.</summary>
public static class AppTokensApi
{
    public static RouteGroupBuilder MapAppTokensApi(this IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/api/account/app-tokens").WithTags("App tokens").RequireAuthorization();
        tokens.MapPost("/", CreateAsync).RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        tokens.MapGet("/", ListAsync);
        tokens.MapDelete("/{id}", RevokeAsync).ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapPatch("/{id}", ChangeLimitsAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return tokens;
    }

    /// <summary>Create an app token for chosen providers; the token is shown this once.</summary>
    /// <remarks>
    /// Its only scope is <c>use</c>: it reads the plain values of those providers' keys and nothing else. It expires at most a year away.
    /// It needs the account's <c>password</c>, and a current <c>code</c> when 2FA is on; wrong ones count towards the lockout like a failed login.
    /// A password change and turning 2FA on or off revoke every app token.
    /// </remarks>
    /// <response code="403">The password or the code is wrong (or the token is an app token).</response>
    /// <response code="409">The account already holds the most app tokens it may.</response>
    public static async Task<Results<Created<CreatedAppToken>, ValidationProblem>> CreateAsync(
        CreateAppTokenRequest request, Caller caller, TimeProvider time)
    {
        var errors = AppTokenRequest.Validate(request.Name, request.Providers, request.ExpiresAt, time.GetUtcNow());
        foreach (var (field, messages) in AppTokenLimits.Validate(request.Limits).Concat(AccountRules.RequirePassword(request.Password)))
        {
            errors[field] = messages;
        }

        if (request.Scope is { } scope && scope != KeyKeeperPolicies.UseScope)
        {
            errors["scope"] = ["App tokens have the 'use' scope only (read the plain values of the chosen providers); managing keys needs a login session."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await caller.Grain.CreateAppTokenAsync(caller.Credentials,
            new AppTokenRequest(request.Name!, request.Providers!.Select(p => p!).ToList(), request.ExpiresAt!.Value, request.Limits), new Reauthentication(request.Password, request.Code));
        return TypedResults.Created($"/api/account/app-tokens/{created.Info.Id}", created);
    }

    /// <summary>List the live app tokens (never the tokens themselves).</summary>
    public static async Task<Ok<IReadOnlyList<AppTokenInfo>>> ListAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListAppTokensAsync(caller.Credentials));

    /// <summary>Change an app token's limits.</summary>
    /// <remarks>
    /// The <c>limits</c> given replace the token's: a limit left out or null is no limit. Requests already admitted are not taken back;
    /// the next request meets the new limits, on every frontend. Audited as <c>app-token-limits-changed</c>.
    /// </remarks>
    /// <response code="404">There is no live app token with this id.</response>
    public static async Task<Results<Ok<AppTokenInfo>, ValidationProblem>> ChangeLimitsAsync(string id, ChangeAppTokenLimitsRequest request, Caller caller)
    {
        if (request.Limits is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limits"] = ["limits is required: {requestsPerMinute, tokensPerDay, models}, each null for no limit."] });
        }

        var errors = AppTokenLimits.Validate(request.Limits);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await caller.Grain.ChangeAppTokenLimitsAsync(caller.Credentials, id, request.Limits));
    }

    /// <summary>Revoke an app token: it stops working at once.</summary>
    /// <response code="404">There is no app token with this id.</response>
    public static async Task<NoContent> RevokeAsync(string id, Caller caller)
    {
        await caller.Grain.RevokeAppTokenAsync(caller.Credentials, id);
        return TypedResults.NoContent();
    }
}

/// <param name="Name">What the token is for, e.g. "chat-backend".</param>
/// <param name="Providers">The providers whose keys it may read.</param>
/// <param name="ExpiresAt">When it stops working (at most a year away).</param>
/// <param name="Scope">Optional; only "use" is possible.</param>
/// <param name="Password">The account's password, asked again: a session alone cannot make lasting access.</param>
/// <param name="Code">A current authenticator (or recovery) code; required when 2FA is on.</param>
/// <param name="Limits">Optional: what the token may do through the gateway (requests a minute, tokens a day, models).</param>
public sealed record CreateAppTokenRequest(string? Name, IReadOnlyList<string?>? Providers, DateTimeOffset? ExpiresAt, string? Scope, string? Password, string? Code, AppTokenLimits? Limits = null);

/// <param name="Limits">The token's new limits; each left out or null is no limit.</param>
public sealed record ChangeAppTokenLimitsRequest(AppTokenLimits? Limits);
