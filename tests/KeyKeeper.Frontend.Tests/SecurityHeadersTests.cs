using System.Net;
using KeyKeeper.Frontend.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class SecurityHeadersTests(AppFixture fixture)
{
    private const string Hsts = "Strict-Transport-Security";

    [Theory]
    [InlineData("GET", "/api/keys", false, HttpStatusCode.OK)]
    [InlineData("GET", "/api/keys", true, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/no-such-route", false, HttpStatusCode.NotFound)]
    [InlineData("PUT", "/api/keys/openai", false, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/health", false, HttpStatusCode.OK)]
    [InlineData("GET", "/no-such-page", false, HttpStatusCode.NotFound)]
    public async Task EveryResponseCarriesTheSecurityHeaders(string method, string path, bool anonymous, HttpStatusCode expected)
    {
        using var client = fixture.CreateClient();
        var token = anonymous ? null : await ApiClient.SignUpAndLoginAsync(client);
        using var request = ApiClient.Request(new HttpMethod(method), path, token);
        if (method == "PUT")
        {
            // Malformed JSON: the exception handler rewrites this response (and clears its headers).
            request.Content = new StringContent("{\"value\":", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal("no-store", Header(response, "Cache-Control"));
        }

        // The tests' frontend is Development on plain HTTP: no HSTS.
        Assert.Null(Header(response, Hsts));
    }

    [Fact]
    public async Task HstsIsSentOverHttpsOutsideDevelopmentOnly()
    {
        await using var production = new FrontendFactory(fixture.Settings, fixture.Logs, "Production", kestrel: false);
        await using var development = new FrontendFactory(fixture.Settings, fixture.Logs, "Development", kestrel: false);

        var overHttps = await GetHealthAsync(production, "https://keykeeper.test");
        var overHttp = await GetHealthAsync(production, "http://keykeeper.test");
        var onLocalhost = await GetHealthAsync(production, "https://localhost");
        var inDevelopment = await GetHealthAsync(development, "https://keykeeper.test");

        Assert.Equal("max-age=31536000; includeSubDomains", Header(overHttps, Hsts));
        Assert.Null(Header(overHttp, Hsts));
        Assert.Null(Header(onLocalhost, Hsts));
        Assert.Null(Header(inDevelopment, Hsts));
        Assert.All([overHttps, overHttp, onLocalhost, inDevelopment], response =>
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy")));
    }

    private static async Task<HttpResponseMessage> GetHealthAsync(FrontendFactory frontend, string baseAddress)
    {
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });
        return await client.GetAsync("/health");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
