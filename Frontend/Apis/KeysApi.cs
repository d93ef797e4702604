using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The caller's own API keys; every route is authenticated and scoped to the caller.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization();
        keys.MapGet("/", ListAsync);
        keys.MapGet("/{provider}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapPut("/{provider}", SaveAsync).ProducesProblem(StatusCodes.Status409Conflict).ProducesVersionConflict();
        keys.MapDelete("/{provider}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionConflict();
        keys.MapPost("/{provider}/undelete", UndeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapGet("/{provider}/versions", ListVersionsAsync).ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapPost("/{provider}/versions/{version:int}/restore", RestoreAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionConflict();
        keys.MapPost("/{provider}/reveal", RevealAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        keys.MapPost("/{provider}/validate", ValidateAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        routes.MapGet("/api/deleted-keys", ListDeletedAsync).WithTags("Keys").RequireAuthorization();
        return routes;
    }

    /// <summary>List the caller's keys, masked (deleted keys not included).</summary>
    public static async Task<Ok<IReadOnlyList<KeyEntry>>> ListAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListKeysAsync(caller.Credentials));

    /// <summary>One key, masked, with its version as the ETag.</summary>
    /// <response code="404">There is no such key, or it is deleted.</response>
    public static async Task<Ok<KeyEntry>> GetAsync(ProviderName provider, Caller caller, HttpResponse response) =>
        WithETag(response, await caller.Grain.GetKeyAsync(caller.Credentials, provider));

    /// <summary>Save a key: a different value becomes a new version; the same value again changes nothing.</summary>
    /// <remarks>A known provider's value must have its shape (an Anthropic key in the OpenAI slot, a truncated or a masked value is refused with the reason). With <c>If-Match</c> it changes only that version.</remarks>
    /// <response code="409">A new provider beyond the most an account may keep (<c>KeyLifecycle:MaxProviders</c>, deleted keys included). Nothing was changed.</response>
    public static async Task<Results<Ok<KeyEntry>, ValidationProblem>> SaveAsync(
        ProviderName provider, SaveKeyRequest request, Caller caller, HttpRequest http)
    {
        var errors = new Dictionary<string, string[]>();
        if (KeyRules.RefusalOfValue(provider, request.Value) is { Field: { } field } refused)
        {
            errors[field] = [refused.Message];
        }

        if (!TryReadIfMatch(http, out var ifMatch))
        {
            errors["If-Match"] = [IfMatchRule];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var entry = await caller.Grain.SaveKeyAsync(caller.Credentials, provider, request.Value!, ifMatch);
        return WithETag(http.HttpContext.Response, entry);
    }

    /// <summary>Delete a key: hidden and recoverable with undelete for 30 days, or gone at once with <c>purge=true</c>.</summary>
    /// <response code="404">There is no such key.</response>
    public static async Task<Results<NoContent, ValidationProblem>> DeleteAsync(
        ProviderName provider, Caller caller, HttpRequest http, bool? purge)
    {
        if (!TryReadIfMatch(http, out var ifMatch))
        {
            return InvalidIfMatch();
        }

        await caller.Grain.DeleteKeyAsync(caller.Credentials, provider, ifMatch, purge ?? false);
        return TypedResults.NoContent();
    }

    /// <summary>Bring back a deleted key within its recovery window.</summary>
    /// <response code="404">There is no deleted key that can still be brought back.</response>
    public static async Task<Ok<KeyEntry>> UndeleteAsync(ProviderName provider, Caller caller, HttpResponse response) =>
        WithETag(response, await caller.Grain.UndeleteKeyAsync(caller.Credentials, provider));

    /// <summary>List the deleted keys that can still be brought back.</summary>
    public static async Task<Ok<IReadOnlyList<DeletedKey>>> ListDeletedAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListDeletedKeysAsync(caller.Credentials));

    /// <summary>The kept versions of a key, newest first, masked.</summary>
    /// <response code="404">There is no such key.</response>
    public static async Task<Ok<IReadOnlyList<KeyVersionInfo>>> ListVersionsAsync(ProviderName provider, Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListVersionsAsync(caller.Credentials, provider));

    /// <summary>Save a kept version's value again, as a new version.</summary>
    /// <response code="404">That version is not kept.</response>
    public static async Task<Results<Ok<KeyEntry>, ValidationProblem>> RestoreAsync(
        ProviderName provider, int version, Caller caller, HttpRequest http)
    {
        if (!TryReadIfMatch(http, out var ifMatch))
        {
            return InvalidIfMatch();
        }

        return WithETag(http.HttpContext.Response, await caller.Grain.RestoreVersionAsync(caller.Credentials, provider, version, ifMatch));
    }

    /// <summary>Show the plain value to its owner (audited first; rate limited per user).</summary>
    /// <response code="404">There is no such key.</response>
    /// <response code="409">The stored value cannot be decrypted with the configured key-encryption keys.</response>
    /// <response code="429">Too many reveals; retry after <c>Retry-After</c> seconds.</response>
    public static async Task<Results<Ok<RevealResponse>, ProblemHttpResult>> RevealAsync(
        ProviderName provider, Caller caller, RevealLimiter limiter, HttpResponse response)
    {
        if (!limiter.TryAcquire(caller.UserName, out var retryAfter))
        {
            return BudgetSpent(response, retryAfter, KeyRules.TooManyReveals);
        }

        return TypedResults.Ok(new RevealResponse(provider, await caller.Grain.RevealKeyAsync(caller.Credentials, provider)));
    }

    /// <summary>Checks the key with its provider now and records the verdict (also shown as <c>validation</c> in the key's entry).</summary>
    public static async Task<Results<Ok<KeyValidation>, ProblemHttpResult>> ValidateAsync(
        ProviderName provider, Caller caller, ValidationLimiter limiter, HttpResponse response)
    {
        if (!limiter.TryAcquire(caller.UserName, out var retryAfter))
        {
            return BudgetSpent(response, retryAfter, KeyRules.TooManyChecks);
        }

        return TypedResults.Ok(await caller.Grain.ValidateKeyAsync(caller.Credentials, provider));
    }

    private const string IfMatchRule = "If-Match must be \"*\" or ETags from GET /api/keys/{provider}, e.g. \"3\".";

    private static bool TryReadIfMatch(HttpRequest request, out VersionPrecondition? ifMatch)
    {
        ifMatch = null;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return true;
        }

        if (!VersionPrecondition.TryParse(header, out var parsed))
        {
            return false;
        }

        ifMatch = parsed;
        return true;
    }

    private static Ok<KeyEntry> WithETag(HttpResponse response, KeyEntry entry)
    {
        response.Headers.ETag = VersionPrecondition.ETagOf(entry.Version);
        return TypedResults.Ok(entry);
    }

    /// <summary>429 with <c>Retry-After</c> for a per-user budget that is spent.</summary>
    private static ProblemHttpResult BudgetSpent(HttpResponse response, TimeSpan retryAfter, string what)
    {
        RetryAfter.Set(response, retryAfter);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: what, detail: KeyRules.BudgetSpent(what, retryAfter));
    }

    private static ValidationProblem InvalidIfMatch() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = [IfMatchRule] });
}

public sealed record SaveKeyRequest(string? Value);

public sealed record RevealResponse(string Provider, string Value);
