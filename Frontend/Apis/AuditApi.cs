using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>The caller's own audit trail, and the catalogue of known providers.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/audit", GetAuditAsync).WithTags("Audit").RequireAuthorization();
        routes.MapGet("/api/providers", () => TypedResults.Ok(ProviderCatalogue.Providers)).WithTags("Keys")
            .WithSummary("The known providers and the shapes of their keys (no login needed).");
        return routes;
    }

    /// <summary>The caller's audit trail, newest first, a page at a time.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="provider">Only this provider's entries.</param>
    /// <param name="from">Only entries at or after this time.</param>
    /// <param name="to">Only entries before this time.</param>
    /// <param name="limit">Entries per page, 1 to 200 (default 50).</param>
    /// <param name="before">The previous page's <c>nextBefore</c>, for the next page.</param>
    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> GetAuditAsync(
        Caller caller, ProviderName? provider, DateTimeOffset? from, DateTimeOffset? to, int? limit, long? before)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            errors["limit"] = [$"limit is 1 to {AuditQuery.MaxLimit}."];
        }

        if (before is < 1)
        {
            errors["before"] = ["before is the nextBefore of the previous page."];
        }

        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["to must be after from."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = new AuditQuery(provider?.Value, from, to, limit ?? AuditQuery.DefaultLimit, before);
        return TypedResults.Ok(await caller.Grain.GetAuditAsync(caller.Credentials, query));
    }
}
