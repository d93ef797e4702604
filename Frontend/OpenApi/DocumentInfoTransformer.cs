using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>The document's title, description, tags and the two kinds of bearer token.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public const string SessionScheme = "session";
    public const string AppTokenScheme = "appToken";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Account"] = "Sign-up, login, sessions, password and two-factor authentication.",
        ["App tokens"] = "Tokens an AI app uses to read the plain values of chosen providers' keys.",
        ["Keys"] = "The caller's own API keys, always masked; versions, soft delete and reveal.",
        ["Key use"] = "Plain key values for an app holding an app token (every read is audited).",
        ["Audit"] = "The caller's own audit trail.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "KeyKeeper API",
            Version = "v1",
            Description = """
                KeyKeeper keeps users' AI-provider API keys, encrypted at rest, and hands their plain values only
                to the user (reveal) and to the user's apps (app tokens). JSON in and out; every error is
                `application/problem+json` (RFC 9457 ProblemDetails), with `errors` per field on a 400 from input
                checks. Authenticate with `Authorization: Bearer <token>`: a login session (`kk1.…`) manages keys
                and the account, an app token (`kka1.…`) only reads key values; the wrong kind is answered 403.
                A key store that cannot be reached is 503 with `Retry-After`, and nothing is changed.
                """,
        };

        // Where the document was fetched from is where the API is: no absolute server URL, so the
        // document is the same on every host (and the committed copy does not drift).
        document.Servers = [];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [SessionScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "kk1.<user>.<secret>",
                Description = "A login session's token, from POST /api/account/login (7 days by default). It manages keys, app tokens and the account; it cannot read plain key values for apps.",
            },
            [AppTokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "kka1.<user>.<secret>",
                Description = "An app token, from POST /api/account/app-tokens (shown once). Its only scope is 'use': it reads the plain values of the providers it was given (GET /api/keys/{provider}/value and /effective) and gets 403 everywhere else.",
            },
        };

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description ??= tag.Name is { } name ? TagDescriptions.GetValueOrDefault(name) : null;
        }

        return Task.CompletedTask;
    }
}
