using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>Plain key values for the AI app that holds an app token; every read is audited by the grain.</summary>
public static class KeyUseApi
{
    public static RouteGroupBuilder MapKeyUseApi(this IEndpointRouteBuilder routes)
    {
        var use = routes.MapGroup("/api/keys/{provider}").WithTags("Key use")
            .RequireAuthorization(KeyKeeperPolicies.UseKeys)
            .RequireRateLimiting(RateLimits.KeyUse);
        use.MapGet("/value", GetValueAsync).ProducesProblem(StatusCodes.Status404NotFound);
        use.MapGet("/effective", GetEffectiveAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return use;
    }

    /// <summary>The user's own key for the provider.</summary>
    /// <remarks>Needs an app token that was given the provider. Audited (<c>used</c>) before the value is sent.</remarks>
    /// <response code="404">The user has no key for the provider.</response>
    public static Task<Ok<KeyValueResponse>> GetValueAsync(ProviderName provider, Caller caller) =>
        UseAsync(provider, caller, deploymentKeyAllowed: false);

    /// <summary>The key an app would use for the provider: the user's own, as <c>/value</c>.</summary>
    /// <remarks>Needs an app token that was given the provider. A deployment's default key never leaves the service: it is used server-side only, never returned to a client.</remarks>
    /// <response code="404">The user has no key for the provider.</response>
    public static Task<Ok<KeyValueResponse>> GetEffectiveAsync(ProviderName provider, Caller caller) =>
        UseAsync(provider, caller, deploymentKeyAllowed: false);

    private static async Task<Ok<KeyValueResponse>> UseAsync(ProviderName provider, Caller caller, bool deploymentKeyAllowed)
    {
        var key = await caller.Grain.UseKeyAsync(caller.Credentials, provider, deploymentKeyAllowed);
        return TypedResults.Ok(new KeyValueResponse(key.Provider, key.Source == KeySource.User ? "user" : "deployment", key.Value, key.Version, key.LastKnownGood));
    }
}

/// <param name="Provider">The provider.</param>
/// <param name="Source">"user" for the user's own key, "deployment" for the deployment's default.</param>
/// <param name="Value">The plain key value.</param>
/// <param name="Version">The user's key version (null for the deployment's key).</param>
/// <param name="LastKnownGoodAt">When the provider last accepted this value (see <c>POST /api/keys/{provider}/validate</c>); null when never.</param>
public sealed record KeyValueResponse(string Provider, string Source, string Value, int? Version, DateTimeOffset? LastKnownGoodAt);
