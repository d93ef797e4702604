using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// Tokens of the right shape that no silo signed: refused by the frontend before any per-user
/// budget is charged or any grain is called, so they neither lock a user's app out nor fill a silo.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ForgedTokenTests(AppFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ForgedAppTokensForAUserNeitherSpendTheirBudgetNorActivateGrains()
    {
        // The production budget: 600 app-token reads a minute per user.
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["RateLimits:KeyUsesPerMinutePerUser"] = "600" });
        using var client = frontend.CreateDefaultClient();
        var victimName = $"victim-{Guid.NewGuid():N}"[..24];
        var session = await ApiClient.SignUpAndLoginAsync(client, victimName);
        var value = "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16];
        await client.SaveKeyAsync(session, "openai", value);
        var appToken = await CreateAppTokenAsync(client, session);
        var activationsBefore = await CountUserGrainsAsync();

        // 10,000 forged tokens, 700 of them in the victim's name (more than the minute's budget), the rest in random names.
        const int forged = 10_000;
        await Parallel.ForEachAsync(Enumerable.Range(0, forged), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var user = i < 700 ? victimName : $"random-{Guid.NewGuid():N}";
            using var response = await client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", ForgedAppToken(user));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        });

        var activationsAfter = await CountUserGrainsAsync();
        output.WriteLine($"{forged:N0} forged-token requests: user grain activations {activationsBefore} before, {activationsAfter} after");
        Assert.True(activationsAfter - activationsBefore <= 2, $"{activationsAfter - activationsBefore} user grains were activated by forged tokens.");

        // The victim's real app still reads its key.
        using var real = await client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(value, (await real.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
    }

    private static string ForgedAppToken(string user) =>
        $"kka1.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(user))}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    private static async Task<string> CreateAppTokenAsync(HttpClient client, string session)
    {
        using var create = await client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", session,
            new { name = "chat-backend", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1), password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        return (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<int> CountUserGrainsAsync()
    {
        var statistics = await fixture.ClusterClient.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("UserKeysGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
