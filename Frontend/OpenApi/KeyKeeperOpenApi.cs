using System.Security.Cryptography;
using KeyKeeper.Frontend.Security;
using Scalar.AspNetCore;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>Served in every environment (it holds no secret); conventions in this folder document a new route without extra work.</summary>
public static class KeyKeeperOpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddKeyKeeperOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;
            // Pages and the health probes are not part of the API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddSchemaTransformer<NumberSchemaTransformer>();
            options.AddOperationTransformer<SecurityTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddOperationTransformer<ConditionalRequestTransformer>();
            options.AddOperationTransformer<ExamplesTransformer>();
        });

    public static WebApplication MapKeyKeeperOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference((options, context) =>
            {
                // Scalar's page runs an inline script and styles itself inline: this page alone gets a
                // per-request script nonce and inline styles, everything else keeps the strict policy.
                var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
                context.Items[SecurityHeaders.PolicyItemKey] = SecurityHeaders.ContentSecurityPolicy
                    .Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
                    .Replace("img-src 'self' data:", "img-src 'self' data:; font-src 'self' data:", StringComparison.Ordinal);
                options.WithTitle("KeyKeeper API")
                    .WithOpenApiRoutePattern(DocumentPath)
                    .WithNonce(nonce)
                    .AddPreferredSecuritySchemes([DocumentInfoTransformer.SessionScheme])
                    // A reference to a key store sends nothing elsewhere: no AI chat fed the
                    // document, no telemetry, no MCP or deploy toolbar, no fonts from a CDN.
                    .DisableAgent()
                    .DisableTelemetry()
                    .DisableMcp()
                    .HideDeveloperTools()
                    .DisableDefaultFonts();
            });
        }

        return app;
    }
}
