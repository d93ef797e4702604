using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>Whose <c>X-Forwarded-For</c> is believed: only a configured proxy's, even where the environment says to believe every peer.</summary>
[Collection(AppCollection.Name)]
public sealed class ForwardedHeadersTests(AppFixture fixture)
{
    // What ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, which Aspire sets on a project unless told not to, amounts to.
    private const string TrustEveryPeer = "FORWARDEDHEADERS_ENABLED";
    private const string Budget = "RateLimits:SignInsPerMinutePerAddress";

    [Fact]
    public async Task AnUntrustedPeerSendingANewForwardedForEachTimeStillSpendsOneSignInBudget()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { [Budget] = "3", [TrustEveryPeer] = "true" });
        using var client = frontend.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            statuses.Add((await LoginFromAsync(client, $"203.0.113.{i}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TheAuditRecordsTheRealPeerAndNotAnUntrustedForwardedFor()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { [TrustEveryPeer] = "true" });
        using var client = frontend.CreateClient();
        var token = await ApiClient.SignUpAndLoginAsync(client);

        Assert.Equal("127.0.0.1", await SaveKeyAndAuditedAddressAsync(client, token, "203.0.113.9"));
    }

    [Fact]
    public async Task AConfiguredProxysForwardedForIsBelievedByTheLimitAndTheAudit()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { [Budget] = "3", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        using var client = frontend.CreateClient();

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(client, $"198.51.100.{i}")).StatusCode);
        }

        var token = await ApiClient.SignUpAndLoginAsync(client);
        Assert.Equal("198.51.100.77", await SaveKeyAndAuditedAddressAsync(client, token, "198.51.100.77"));
    }

    private static Task<HttpResponseMessage> LoginFromAsync(HttpClient client, string forwardedFor)
    {
        var request = ApiClient.Request(HttpMethod.Post, "/api/account/login", null, new { username = $"nobody-{Guid.NewGuid():N}", password = "some password guess" });
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private static async Task<string?> SaveKeyAndAuditedAddressAsync(HttpClient client, string token, string forwardedFor)
    {
        var save = ApiClient.Request(HttpMethod.Put, "/api/keys/openai", token, new { value = "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16] });
        save.Headers.Add("X-Forwarded-For", forwardedFor);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(save)).StatusCode);
        var audit = await (await client.SendAsync(HttpMethod.Get, "/api/audit", token)).Content.ReadFromJsonAsync<JsonElement>();
        return audit.GetProperty("items")[0].GetProperty("clientAddress").GetString();
    }
}
