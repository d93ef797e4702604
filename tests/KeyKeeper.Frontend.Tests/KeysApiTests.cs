using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class KeysApiTests(AppFixture fixture)
{
    private const string Mask = "••••";
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task SavedKeyIsListedMaskedAndRevealedWhole()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        const string value = "sk-proj-PADDING012340123456789abcdefghijKLMN";

        var saved = await _client.SaveKeyAsync(token, "openai", value);
        var listed = Assert.Single(await _client.ListKeysAsync(token));
        var reveal = await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token);

        Assert.Equal("openai", saved.GetProperty("provider").GetString());
        Assert.Equal("sk-proj-" + Mask + "KLMN", saved.GetProperty("masked").GetString());
        Assert.True(saved.GetProperty("readable").GetBoolean());
        Assert.Equal(saved.ToString(), listed.ToString());
        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        Assert.Equal(value, (await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
    }

    [Fact]
    public async Task ANewProviderBeyondTheCapIsRefusedWith409AndAnExistingOneCanStillBeUpdated()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        for (var i = 0; i < 32; i++)
        {
            await _client.SaveKeyAsync(token, $"custom-{i}", $"value-{i}-{Guid.NewGuid():N}");
        }

        var refused = await _client.SendAsync(HttpMethod.Put, "/api/keys/one-too-many", token, new { value = $"value-{Guid.NewGuid():N}" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("at most 32 providers", problem.GetProperty("detail").GetString());
        Assert.Equal(32, (await _client.ListKeysAsync(token)).Length);
        Assert.Equal(2, (await _client.SaveKeyAsync(token, "custom-0", $"value-{Guid.NewGuid():N}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task SavingTheSameValueAgainIsANoOpSuccess()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var first = await _client.SaveKeyAsync(token, "groq", "gsk_PADDING01234560123456789abcdefghijklmnop");

        var retry = await _client.SaveKeyAsync(token, "groq", "  gsk_PADDING01234560123456789abcdefghijklmnop  ");

        Assert.Equal(first.GetProperty("updatedAt").GetDateTimeOffset(), retry.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task SavingANewValueReplacesTheOldOne()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        await _client.SaveKeyAsync(token, "google", "AIza012345678FIRST-0123456789abcdefghij");

        await _client.SaveKeyAsync(token, "google", "AIza012345678SECOND-0123456789abcdefghi");

        var reveal = await _client.SendAsync(HttpMethod.Post, "/api/keys/google/reveal", token);
        Assert.Equal("AIza012345678SECOND-0123456789abcdefghi", (await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        Assert.Single(await _client.ListKeysAsync(token));
    }

    [Fact]
    public async Task DeleteRemovesTheKeyAndAMissingKeyIs404()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        await _client.SaveKeyAsync(token, "anthropic", "sk-ant-PADDING01230123456789abcdefghijklmnop");

        var deleted = await _client.SendAsync(HttpMethod.Delete, "/api/keys/anthropic", token);
        var again = await _client.SendAsync(HttpMethod.Delete, "/api/keys/anthropic", token);
        var reveal = await _client.SendAsync(HttpMethod.Post, "/api/keys/anthropic/reveal", token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
        await reveal.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _client.ListKeysAsync(token));
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("open_ai")]
    [InlineData("open.ai")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("%E2%80%A2")]
    public async Task AnInvalidProviderNameIsA400AndNothingIsStored(string provider)
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);

        var put = await _client.SendAsync(HttpMethod.Put, $"/api/keys/{provider}", token, new { value = "sk-validPADDING0123456789ab-0123456789abcdef" });
        var delete = await _client.SendAsync(HttpMethod.Delete, $"/api/keys/{provider}", token);
        var reveal = await _client.SendAsync(HttpMethod.Post, $"/api/keys/{provider}/reveal", token);

        foreach (var response in new[] { put, delete, reveal })
        {
            // Exactly what an input check says: the field and its rule, nothing else.
            var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.Equal(["provider"], errors.EnumerateObject().Select(e => e.Name));
            Assert.Equal([ProviderName.Rule], errors.GetProperty("provider").EnumerateArray().Select(m => m.GetString()));
        }

        Assert.Empty(await _client.ListKeysAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("line\nbreak-in-key")]
    [InlineData("nul\u0000inside")]
    [InlineData("bell\u0007")]
    [InlineData("zero\u200Bwidth")]
    public async Task AnInvalidValueIsA400AndTheStoredKeyIsUnchanged(string value)
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var kept = await _client.SaveKeyAsync(token, "openai", "sk-kept-PADDING01234560123456789abcdefghijkl");

        var response = await _client.SendAsync(HttpMethod.Put, "/api/keys/openai", token, new { value });

        Assert.True((await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("value", out _));
        Assert.Equal(kept.ToString(), Assert.Single(await _client.ListKeysAsync(token)).ToString());
    }

    [Fact]
    public async Task TheLongestValueIsAcceptedAndOneCharacterMoreIsNot()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);

        await _client.SaveKeyAsync(token, "long", new string('k', 4096));
        var tooLong = await _client.SendAsync(HttpMethod.Put, "/api/keys/long", token, new { value = new string('x', 4097) });

        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest);
        var reveal = await _client.SendAsync(HttpMethod.Post, "/api/keys/long/reveal", token);
        Assert.Equal(new string('k', 4096), (await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
    }

    [Fact]
    public async Task AnOversizedBodyIs413AndNothingIsStored()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);

        var response = await _client.SendAsync(HttpMethod.Put, "/api/keys/openai", token, new { value = new string('x', 200_000) });

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await _client.ListKeysAsync(token));
    }

    [Theory]
    [InlineData("{\"value\": ")]
    [InlineData("{\"value\": 12345}")]
    [InlineData("\"just a string\"")]
    public async Task MalformedJsonIsA400AndNothingIsStored(string body)
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var request = ApiClient.Request(HttpMethod.Put, "/api/keys/openai", token);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await _client.ListKeysAsync(token));
    }

    [Theory]
    [InlineData("GET", "/api/keys")]
    [InlineData("PUT", "/api/keys/openai")]
    [InlineData("DELETE", "/api/keys/openai")]
    [InlineData("POST", "/api/keys/openai/reveal")]
    public async Task EveryKeyRouteNeedsAValidToken(string method, string path)
    {
        foreach (var token in new[] { null, "garbage", "kk1.YWxpY2U.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
        {
            var response = await _client.SendAsync(new HttpMethod(method), path, token, method == "PUT" ? new { value = "sk-01234PADDING0123456789abcd56789abcdefghij" } : null);

            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }
}
