using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The caller's own API keys; every route is authenticated and scoped to the caller.</summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization();
        keys.MapGet("/", ListAsync);
        keys.MapPut("/{provider}", SaveAsync);
        keys.MapDelete("/{provider}", DeleteAsync);
        keys.MapPost("/{provider}/reveal", RevealAsync);
        return keys;
    }

    public static async Task<Ok<IReadOnlyList<KeyEntry>>> ListAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListKeysAsync(caller.TokenSecret));

    public static async Task<Results<Ok<KeyEntry>, ValidationProblem>> SaveAsync(
        string provider, SaveKeyRequest request, Caller caller)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ProviderName.IsValid(provider))
        {
            errors["provider"] = [ProviderName.Rule];
        }

        if (!KeyValue.TryNormalize(request.Value, out var value, out var valueError))
        {
            errors["value"] = [valueError];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await caller.Grain.SaveKeyAsync(caller.TokenSecret, provider, value));
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string provider, Caller caller)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        return await caller.Grain.DeleteKeyAsync(caller.TokenSecret, provider)
            ? TypedResults.NoContent()
            : NoSuchKey(provider);
    }

    public static async Task<Results<Ok<RevealResponse>, ProblemHttpResult, ValidationProblem>> RevealAsync(
        string provider, Caller caller)
    {
        if (!ProviderName.IsValid(provider))
        {
            return InvalidProvider();
        }

        var revealed = await caller.Grain.RevealKeyAsync(caller.TokenSecret, provider);
        return revealed.Status switch
        {
            RevealStatus.Revealed => TypedResults.Ok(new RevealResponse(provider, revealed.Value!)),
            RevealStatus.Unreadable => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Key unreadable",
                detail: $"The stored {provider} key cannot be decrypted with the configured key-encryption keys. It has not been deleted; save it again to replace it."),
            _ => NoSuchKey(provider),
        };
    }

    private static ValidationProblem InvalidProvider() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["provider"] = [ProviderName.Rule] });

    private static ProblemHttpResult NoSuchKey(string provider) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"There is no {provider} key.");
}

public sealed record SaveKeyRequest(string? Value);

public sealed record RevealResponse(string Provider, string Value);
