using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// <c>/health</c> names each check with its status (the AppHost shows them per resource in the
/// dashboard) and nothing more: no descriptions or exceptions on a public endpoint.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HealthTests(AppFixture fixture)
{
    [Fact]
    public async Task FrontendHealthNamesEachOfItsChecksAsHealthy()
    {
        using var client = fixture.CreateClient();

        var checks = await AssertHealthyAsync(client, "/health");

        Assert.Equal(["data-protection", "database", "key-store", "self"], checks);
    }

    [Fact]
    public async Task SiloHealthNamesEachOfItsChecksAsHealthy()
    {
        using var client = new HttpClient { BaseAddress = fixture.SiloAddress };

        var checks = await AssertHealthyAsync(client, "/health");

        Assert.Equal(["cluster-membership", "database", "key-encryption", "self"], checks);
    }

    [Fact]
    public async Task AliveAnswersWithTheStatusWordOnly()
    {
        using var client = fixture.CreateClient();

        var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts a 200 JSON answer whose every check is Healthy and that says nothing else; returns the check names.</summary>
    private static async Task<string[]> AssertHealthyAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["status", "checks"], body.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateObject().ToArray();
        Assert.All(checks, check => Assert.Equal("Healthy", check.Value.GetString()));
        return checks.Select(check => check.Name).ToArray();
    }
}
