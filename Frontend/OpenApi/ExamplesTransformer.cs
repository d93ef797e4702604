using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>Puts the <see cref="ApiExamples"/> of a route's body and response types on its media types.</summary>
internal sealed class ExamplesTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    // As the app writes them, but without the nulls of optional members an example leaves out.
    private readonly JsonSerializerOptions _options = new(json.Value.SerializerOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (EndpointFacts.Of(context.Description).BodyType is { } bodyType && operation.RequestBody?.Content is { } body)
        {
            foreach (var media in body.Values)
            {
                Apply(media, bodyType);
            }
        }

        foreach (var type in context.Description.SupportedResponseTypes.Where(t => t.Type is not null))
        {
            var key = type.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.GetValueOrDefault(key)?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    Apply(media, type.Type!);
                }
            }
        }

        return Task.CompletedTask;
    }

    private void Apply(OpenApiMediaType media, Type type)
    {
        var examples = ApiExamples.For(type);
        if (examples.Count == 0)
        {
            return;
        }

        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var example in examples)
        {
            media.Examples[example.Name] = new OpenApiExample
            {
                Summary = example.Summary,
                Value = JsonSerializer.SerializeToNode(example.Value, type, _options),
            };
        }
    }
}
