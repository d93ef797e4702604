using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>Each authorized route names the kind of token it takes: an app token for the key-use policy, else a login session.</summary>
internal sealed class SecurityTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var facts = EndpointFacts.Of(context.Description);
        if (facts.Authorized)
        {
            var scheme = facts.UsesAppToken ? DocumentInfoTransformer.AppTokenScheme : DocumentInfoTransformer.SessionScheme;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        }

        return Task.CompletedTask;
    }
}
