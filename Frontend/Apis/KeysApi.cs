using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Frontend.Telemetry;
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
        keys.MapPut("/{provider}", SaveAsync).ProducesVersionConflict();
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
    public static async Task<Results<Ok<KeyEntry>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string provider, Caller caller, HttpResponse response)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        return await caller.Grain.GetKeyAsync(caller.Credentials, provider) is { } entry
            ? WithETag(response, entry)
            : NoSuchKey(provider);
    }

    /// <summary>Save a key: a different value becomes a new version; the same value again changes nothing.</summary>
    /// <remarks>A known provider's value must have its shape (an Anthropic key in the OpenAI slot, a truncated or a masked value is refused with the reason). With <c>If-Match</c> it changes only that version.</remarks>
    public static async Task<Results<Ok<KeyEntry>, ValidationProblem>> SaveAsync(
        string provider, SaveKeyRequest request, Caller caller, HttpRequest http)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ProviderName.IsValid(provider))
        {
            errors["provider"] = [ProviderName.Rule];
        }
        else if (!KeyValue.TryNormalizeFor(provider, request.Value, out _, out var valueError))
        {
            errors["value"] = [valueError];
        }

        if (!TryReadIfMatch(http, out var ifMatch))
        {
            errors["If-Match"] = [IfMatchRule];
        }

        if (errors.Count > 0)
        {
            FrontendMetrics.KeyValueRefused();
            return TypedResults.ValidationProblem(errors);
        }

        var entry = await caller.Grain.SaveKeyAsync(caller.Credentials, provider, request.Value!, ifMatch);
        return WithETag(http.HttpContext.Response, entry);
    }

    /// <summary>Delete a key: hidden and recoverable with undelete for 30 days, or gone at once with <c>purge=true</c>.</summary>
    /// <response code="404">There is no such key.</response>
    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string provider, Caller caller, HttpRequest http, bool? purge)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        if (!TryReadIfMatch(http, out var ifMatch))
        {
            return InvalidIfMatch();
        }

        return await caller.Grain.DeleteKeyAsync(caller.Credentials, provider, ifMatch, purge ?? false)
            ? TypedResults.NoContent()
            : NoSuchKey(provider);
    }

    /// <summary>Bring back a deleted key within its recovery window.</summary>
    /// <response code="404">There is no deleted key that can still be brought back.</response>
    public static async Task<Results<Ok<KeyEntry>, ProblemHttpResult, ValidationProblem>> UndeleteAsync(
        string provider, Caller caller, HttpResponse response)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        return await caller.Grain.UndeleteKeyAsync(caller.Credentials, provider) is { } entry
            ? WithETag(response, entry)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to undelete",
                detail: $"There is no deleted {provider} key that can still be brought back.");
    }

    /// <summary>List the deleted keys that can still be brought back.</summary>
    public static async Task<Ok<IReadOnlyList<DeletedKey>>> ListDeletedAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListDeletedKeysAsync(caller.Credentials));

    /// <summary>The kept versions of a key, newest first, masked.</summary>
    /// <response code="404">There is no such key.</response>
    public static async Task<Results<Ok<IReadOnlyList<KeyVersionInfo>>, ProblemHttpResult, ValidationProblem>> ListVersionsAsync(
        string provider, Caller caller)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        return await caller.Grain.ListVersionsAsync(caller.Credentials, provider) is { } versions
            ? TypedResults.Ok(versions)
            : NoSuchKey(provider);
    }

    /// <summary>Save a kept version's value again, as a new version.</summary>
    /// <response code="404">That version is not kept.</response>
    public static async Task<Results<Ok<KeyEntry>, ProblemHttpResult, ValidationProblem>> RestoreAsync(
        string provider, int version, Caller caller, HttpRequest http)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        if (!TryReadIfMatch(http, out var ifMatch))
        {
            return InvalidIfMatch();
        }

        return await caller.Grain.RestoreVersionAsync(caller.Credentials, provider, version, ifMatch) is { } entry
            ? WithETag(http.HttpContext.Response, entry)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such version",
                detail: $"Version {version} of the {provider} key is not kept.");
    }

    /// <summary>Show the plain value to its owner (audited first; rate limited per user).</summary>
    /// <response code="404">There is no such key.</response>
    /// <response code="409">The stored value cannot be decrypted with the configured key-encryption keys.</response>
    /// <response code="429">Too many reveals; retry after <c>Retry-After</c> seconds.</response>
    public static async Task<Results<Ok<RevealResponse>, ProblemHttpResult, ValidationProblem>> RevealAsync(
        string provider, Caller caller, RevealLimiter limiter, HttpResponse response)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        if (!limiter.TryAcquire(caller.UserName, out var retryAfter))
        {
            return TooMany(response, retryAfter, "Too many reveals", "Too many reveals");
        }

        var revealed = await caller.Grain.RevealKeyAsync(caller.Credentials, provider);
        return revealed.Status switch
        {
            RevealStatus.Revealed => TypedResults.Ok(new RevealResponse(provider, revealed.Value!)),
            RevealStatus.Unreadable => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Key unreadable",
                detail: $"The stored {provider} key cannot be decrypted with the configured key-encryption keys. It has not been deleted; save it again to replace it."),
            _ => NoSuchKey(provider),
        };
    }

    /// <summary>Checks the key with its provider now and records the verdict (also shown as <c>validation</c> in the key's entry).</summary>
    public static async Task<Results<Ok<KeyValidation>, ProblemHttpResult, ValidationProblem>> ValidateAsync(
        string provider, Caller caller, ValidationLimiter limiter, HttpResponse response)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        if (!limiter.TryAcquire(caller.UserName, out var retryAfter))
        {
            return TooMany(response, retryAfter, "Too many checks", "Too many key checks");
        }

        return await caller.Grain.ValidateKeyAsync(caller.Credentials, provider) switch
        {
            null => NoSuchKey(provider),
            { Status: KeyValidationStatus.Unreadable } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Key unreadable",
                detail: $"The stored {provider} key cannot be decrypted with the configured key-encryption keys, so it cannot be checked. Save it again to replace it."),
            var validation => TypedResults.Ok(validation),
        };
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
    private static ProblemHttpResult TooMany(HttpResponse response, TimeSpan retryAfter, string title, string what)
    {
        var seconds = RetryAfter.Set(response, retryAfter);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: $"{what}: try again in {seconds} seconds.");
    }

    private static ValidationProblem InvalidProvider() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["provider"] = [ProviderName.Rule] });

    private static ValidationProblem InvalidIfMatch() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = [IfMatchRule] });

    private static ProblemHttpResult NoSuchKey(string provider) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"There is no {provider} key.");
}

public sealed record SaveKeyRequest(string? Value);

public sealed record RevealResponse(string Provider, string Value);
