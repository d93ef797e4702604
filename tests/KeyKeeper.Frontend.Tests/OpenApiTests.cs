using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeyKeeper.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) against the running app, and its committed copy
/// <c>docs/openapi.json</c>. Set <c>KEYKEEPER_UPDATE_OPENAPI=1</c> to write the copy instead of comparing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiTests(AppFixture fixture)
{
    private const string UpdateVariable = "KEYKEEPER_UPDATE_OPENAPI";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    [Fact]
    public async Task CommittedDocumentMatchesTheRunningApp()
    {
        var served = await FetchDocumentAsync();
        var path = Path.Combine(Repository.Root, "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served.ToJsonString(Indented) + "\n");
            return;
        }

        var regenerate = $"Regenerate it: {UpdateVariable}=1 dotnet test tests/KeyKeeper.Frontend.Tests --filter \"FullyQualifiedName~OpenApiTests.CommittedDocumentMatchesTheRunningApp\", then review and commit docs/openapi.json.";
        Assert.True(File.Exists(path), $"docs/openapi.json is missing. {regenerate}");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var expected = Normalize(committed)!.ToJsonString(Indented);
        var actual = Normalize(served)!.ToJsonString(Indented);
        if (expected != actual)
        {
            Assert.Fail($"docs/openapi.json differs from the document the app serves at /openapi/v1.json (first difference: {FirstDifference(expected, actual)}). {regenerate}");
        }
    }

    [Fact]
    public async Task DocumentIsOpenApi31()
    {
        var document = await FetchDocumentAsync();

        Assert.StartsWith("3.1.", (string?)document["openapi"]);
        Assert.Equal("KeyKeeper API", (string?)document["info"]!["title"]);
    }

    [Fact]
    public async Task EveryApiRouteTheAppMapsIsInTheDocumentAndNothingElse()
    {
        var document = await FetchDocumentAsync();
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet();

        var mapped = ApiEndpoints().Select(e => $"{e.Method} {e.Path}").ToList();

        Assert.NotEmpty(mapped);
        Assert.All(mapped, route => Assert.Contains(route, documented));
        Assert.All(documented, route => Assert.StartsWith(route.Split(' ')[0] + " /api/", route));
    }

    [Fact]
    public async Task EveryAuthorizedOperationListsUnauthorizedAndHasASecurityRequirement()
    {
        var document = await FetchDocumentAsync();
        var operations = Operations(document).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation);

        foreach (var endpoint in ApiEndpoints())
        {
            var operation = operations[$"{endpoint.Method} {endpoint.Path}"];
            var responses = operation["responses"]!.AsObject();
            if (endpoint.Authorized)
            {
                Assert.True(responses.ContainsKey("401"), $"{endpoint.Method} {endpoint.Path} does not list 401.");
                Assert.True(responses.ContainsKey("403"), $"{endpoint.Method} {endpoint.Path} does not list 403.");
                Assert.NotEmpty(operation["security"]?.AsArray() ?? []);
                Assert.NotNull(responses["401"]!["headers"]?["WWW-Authenticate"]);
            }
            else
            {
                Assert.Null(operation["security"]);
            }

            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                Assert.True(response!["content"]?["application/problem+json"] is not null, $"{endpoint.Method} {endpoint.Path} {status} is not application/problem+json.");
            }
        }
    }

    [Fact]
    public async Task AnonymousRoutesAreTheSignUpLoginAndProviderCatalogue()
    {
        var document = await FetchDocumentAsync();

        var anonymous = Operations(document).Where(o => o.Operation["security"] is null).Select(o => $"{o.Method} {o.Path}").Order().ToList();

        Assert.Equal(["get /api/providers", "post /api/account/login", "post /api/account/signup"], anonymous);
    }

    [Fact]
    public async Task ErrorResponsesCarryTheirHeadersAndExtensionMembers()
    {
        var document = await FetchDocumentAsync();
        var paths = document["paths"]!;

        var save = paths["/api/keys/{provider}"]!["put"]!;
        Assert.Contains("currentVersion", save["responses"]!["412"]!.ToJsonString());
        Assert.Contains(save["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match");
        Assert.NotNull(save["responses"]!["413"]);
        Assert.NotNull(save["responses"]!["503"]!["headers"]!["Retry-After"]);
        Assert.NotNull(save["responses"]!["200"]!["headers"]!["ETag"]);

        var login = paths["/api/account/login"]!["post"]!;
        Assert.Contains("twoFactorRequired", login["responses"]!["401"]!.ToJsonString());
        // A failed login is not a bearer challenge.
        Assert.Null(login["responses"]!["401"]!["headers"]?["WWW-Authenticate"]);
        Assert.NotNull(login["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.Contains("errors", Resolve(document, login["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!).ToJsonString());
    }

    [Fact]
    public async Task LoginAndSaveKeyHaveExamples()
    {
        var document = await FetchDocumentAsync();
        var paths = document["paths"]!;

        var login = paths["/api/account/login"]!["post"]!;
        var loginExamples = login["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Contains(loginExamples, e => e.Value!["value"]!["totp"] is not null);
        Assert.NotNull(login["responses"]!["200"]!["content"]!["application/json"]!["examples"]);

        var save = paths["/api/keys/{provider}"]!["put"]!;
        Assert.NotNull(save["requestBody"]!["content"]!["application/json"]!["examples"]);
        Assert.NotNull(save["responses"]!["200"]!["content"]!["application/json"]!["examples"]);
    }

    [Fact]
    public async Task ScalarAnswersInDevelopmentOnly()
    {
        using var development = fixture.CreateClient();
        var page = await development.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // Its inline script runs under a per-request nonce; other pages keep the strict policy.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src 'self' 'nonce-[^']+'", policy);
        // Nothing in the reference talks to a third party: no AI chat, telemetry, MCP or CDN fonts.
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"agent\":{\"disabled\":true}", html);
        Assert.Contains("\"telemetry\":false", html);
        Assert.Contains("\"mcp\":{\"disabled\":true}", html);
        Assert.Contains("\"withDefaultFonts\":false", html);

        await using var production = fixture.StartExtraFrontend(environment: "Production");
        using var client = production.CreateDefaultClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private async Task<JsonNode> FetchDocumentAsync()
    {
        using var client = fixture.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where HttpMethods.Contains(operation.Key)
        select (operation.Key, path.Key, operation.Value!);

    /// <summary>Every endpoint the app maps under /api, as the document names it (no route constraints, no trailing slash).</summary>
    private IEnumerable<(string Method, string Path, bool Authorized)> ApiEndpoints() =>
        from endpoint in fixture.FrontendServices.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
        let raw = endpoint.RoutePattern.RawText ?? ""
        where raw.StartsWith("/api", StringComparison.Ordinal)
        let path = System.Text.RegularExpressions.Regex.Replace(raw, "{([^}:?]+)[^}]*}", "{$1}").TrimEnd('/')
        from method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []
        select (method.ToLowerInvariant(), path, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null);

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"] is { } reference ? document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]! : schema;

    /// <summary>Objects with their members in ordinal order, so only content counts, not the order it was written in.</summary>
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i].Trim() : "(end)";
            var a = i < actualLines.Length ? actualLines[i].Trim() : "(end)";
            if (e != a)
            {
                return $"committed `{e}`, served `{a}`";
            }
        }

        return "none";
    }
}
