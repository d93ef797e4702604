using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>The handlers read <c>If-Match</c> and write <c>ETag</c> themselves, so their metadata cannot show the headers.</summary>
internal sealed class ConditionalRequestTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var responses = operation.Responses ?? [];
        if (responses.ContainsKey("412"))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "`*` or ETags from GET /api/keys/{provider} (e.g. `\"3\"`): change the key only if its current version is one of them. Without it the last writer wins.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = System.Text.Json.Nodes.JsonValue.Create("\"3\""),
            });
        }

        foreach (var type in context.Description.SupportedResponseTypes.Where(t => t.Type == typeof(KeyEntry)))
        {
            if (responses.TryGetValue(type.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) && response is OpenApiResponse entry)
            {
                entry.Headers ??= new Dictionary<string, IOpenApiHeader>();
                entry.Headers.TryAdd("ETag", new OpenApiHeader
                {
                    Description = "The entry's version, quoted (`\"3\"`): send it as If-Match to change exactly this version.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }

        return Task.CompletedTask;
    }
}
