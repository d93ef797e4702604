using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class StorageOutageTests(AppFixture fixture)
{
    [Fact]
    public async Task WhilePostgresIsDownSavesAnswer503AndNothingUnsavedIsEverListed()
    {
        using var client = fixture.CreateClient();
        var token = await ApiClient.SignUpAndLoginAsync(client);
        var kept = await client.SaveKeyAsync(token, "openai", "sk-kept-PADDING012340123456789abcdefghijklmn");

        await fixture.Postgres.StopAsync();
        try
        {
            var save = await client.SendAsync(HttpMethod.Put, "/api/keys/openai", token, new { value = "sk-lost-PADDING012340123456789abcdefghijklmn" });
            var problem = await save.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Nothing was changed", problem.GetProperty("detail").GetString());
            Assert.NotNull(save.Headers.RetryAfter);

            // A user whose grain is not active cannot be checked, so the answer is 503, not 401.
            var login = await client.PostAsJsonAsync("/api/account/login", new { username = $"cold-{Guid.NewGuid():N}", password = ApiClient.Password });
            await login.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

            var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("database").GetString());
            Assert.Equal(kept.ToString(), Assert.Single(await client.ListKeysAsync(token)).ToString());
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpResponseMessage retry;
        do
        {
            retry = await client.SendAsync(HttpMethod.Put, "/api/keys/openai", token, new { value = "sk-laterPADDING01234-0123456789abcdefghijklm" });
        }
        while (retry.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.EndsWith("jklm", Assert.Single(await client.ListKeysAsync(token)).GetProperty("masked").GetString());
        await fixture.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }
}
