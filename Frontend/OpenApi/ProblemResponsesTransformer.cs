using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>The errors a route can give whatever its handler returns; route-specific ones come from its <c>ProducesProblem</c> and XML <c>&lt;response&gt;</c> docs.</summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemContentType = "application/problem+json";

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is malformed (not JSON of the expected shape, or a parameter of the wrong type) or breaks an input rule; then `errors` names each field and what is wrong with it.",
        [401] = "No bearer token, a malformed one, or one that is unknown, revoked or expired (`WWW-Authenticate: Bearer`).",
        [403] = "The wrong kind of token: an app token on a route that manages keys or the account, a login session on a key-use route, or an app token that was not given this provider.",
        [404] = "There is no such resource.",
        [409] = "The request conflicts with the account's current state.",
        [412] = "`If-Match` names a version that is no longer current; `currentVersion` says which one is. Nothing was changed.",
        [413] = "The request body is larger than 64 KiB.",
        [429] = "Too many attempts (this frontend's rate limit, or the account is locked after wrong passwords or codes). Retry after `Retry-After` seconds.",
        [503] = "The key store cannot be reached; nothing was changed. Retry after `Retry-After` seconds.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var facts = EndpointFacts.Of(context.Description);
        var responses = operation.Responses ??= [];
        if (facts.TakesProviderName)
        {
            // The handler never sees a malformed provider name: its 400 names the field, as the handler's own input checks do.
            responses.TryAdd(Key(StatusCodes.Status400BadRequest), new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = await SchemaReferenceAsync(typeof(HttpValidationProblemDetails), context, cancellationToken) },
                },
            });
        }

        var implied = new List<int>();
        if (facts.HasBody || facts.HasFallibleParameters)
        {
            implied.Add(StatusCodes.Status400BadRequest);
        }

        if (facts.Authorized)
        {
            implied.AddRange([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden]);
        }

        if (facts.HasBody)
        {
            implied.Add(StatusCodes.Status413PayloadTooLarge);
        }

        if (facts.RateLimited)
        {
            implied.Add(StatusCodes.Status429TooManyRequests);
        }

        if (facts.UsesKeyStore)
        {
            implied.Add(StatusCodes.Status503ServiceUnavailable);
        }

        foreach (var status in implied)
        {
            responses.TryAdd(Key(status), new OpenApiResponse());
        }

        var extensions = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProblemExtension>().ToList();
        foreach (var (key, response) in responses.Where(r => int.TryParse(r.Key, out var s) && s >= 400).ToList())
        {
            var status = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
            responses[key] = await DescribeAsync(status, response, facts, extensions.Where(e => e.StatusCode == status), context, cancellationToken);
        }

        // Status order reads best (the handlers' metadata and the conventions above add them in any order).
        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (key, response) in sorted)
        {
            responses.Add(key, response);
        }
    }

    private static async Task<IOpenApiResponse> DescribeAsync(
        int status, IOpenApiResponse existing, EndpointFacts facts, IEnumerable<ProblemExtension> extensions, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var response = existing as OpenApiResponse ?? new OpenApiResponse { Description = existing.Description, Content = existing.Content, Headers = existing.Headers };
        if (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrases.GetReasonPhrase(status))
        {
            response.Description = Descriptions.GetValueOrDefault(status, ReasonPhrases.GetReasonPhrase(status));
        }

        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (response.Content.Count == 0 || !response.Content.ContainsKey(ProblemContentType))
        {
            response.Content.Clear();
            response.Content[ProblemContentType] = new OpenApiMediaType { Schema = await ProblemDetailsSchemaAsync(context, cancellationToken) };
        }

        var extended = extensions.ToList();
        if (extended.Count > 0)
        {
            var media = response.Content[ProblemContentType];
            var members = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>() };
            foreach (var extension in extended)
            {
                var schema = await context.GetOrCreateSchemaAsync(extension.Type, cancellationToken: cancellationToken);
                schema.Description = extension.Description;
                members.Properties[extension.Name] = schema;
            }

            media.Schema = new OpenApiSchema { AllOf = [media.Schema ?? await ProblemDetailsSchemaAsync(context, cancellationToken), members] };
        }

        switch (status)
        {
            // The bearer handler's challenge (and a dead token) sends it; a failed login does not.
            case StatusCodes.Status401Unauthorized when facts.Authorized:
                AddHeader(response, "WWW-Authenticate", JsonSchemaType.String, "`Bearer`.");
                break;
            case StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable:
                AddHeader(response, "Retry-After", JsonSchemaType.Integer, "Seconds to wait before trying again.");
                break;
        }

        return response;
    }

    private static void AddHeader(OpenApiResponse response, string name, JsonSchemaType type, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } });
    }

    private static Task<IOpenApiSchema> ProblemDetailsSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        SchemaReferenceAsync(typeof(ProblemDetails), context, cancellationToken);

    private static async Task<IOpenApiSchema> SchemaReferenceAsync(Type problemType, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var id = problemType.Name;
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(problemType, cancellationToken: cancellationToken));
        }

        return new OpenApiSchemaReference(id, document);
    }

    private static string Key(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
