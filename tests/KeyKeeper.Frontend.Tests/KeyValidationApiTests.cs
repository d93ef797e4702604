using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Frontend.Tests;

/// <summary><c>POST /api/keys/{provider}/validate</c> through the real frontend and silo, against the fixture's stand-in provider.</summary>
[Collection(AppCollection.Name)]
public sealed class KeyValidationApiTests(AppFixture fixture) : IDisposable
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task AValidatedKeyShowsItsVerdictInTheKeyAndItsLastGoodTimeInTheAppTokensAnswer()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var value = TestKeyValues.New("openai");
        await _client.SaveKeyAsync(token, "openai", value);
        fixture.Provider.Answer(value, 200);

        var validate = await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/validate", token);

        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
        var validation = await validate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("valid", validation.GetProperty("status").GetString());
        var lastValidAt = validation.GetProperty("lastValidAt").GetDateTimeOffset();
        Assert.Equal(validation.GetProperty("checkedAt").GetDateTimeOffset(), lastValidAt);
        var entry = Assert.Single(await _client.ListKeysAsync(token));
        Assert.Equal("valid", entry.GetProperty("validation").GetProperty("status").GetString());

        var app = await CreateAppTokenAsync(token);
        foreach (var route in new[] { "value", "effective" })
        {
            var answer = await (await _client.SendAsync(HttpMethod.Get, $"/api/keys/openai/{route}", app)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(lastValidAt, answer.GetProperty("lastKnownGoodAt").GetDateTimeOffset());
        }

        var request = Assert.Single(fixture.Provider.RequestsWith(value));
        Assert.Equal($"Bearer {value}", request.Headers["authorization"]);
        Assert.DoesNotContain(value, request.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "rate-limited")]
    [InlineData(503, "unreachable")]
    [InlineData(401, "revoked")]
    public async Task AnUnhappyAnswerIsRecordedAfterOneRequestBecauseNothingRetries(int answer, string status)
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var value = TestKeyValues.New("openai");
        await _client.SaveKeyAsync(token, "openai", value);
        fixture.Provider.Answer(value, answer);

        var validation = await (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/validate", token)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, validation.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, validation.GetProperty("lastValidAt").ValueKind);
        // The silo runs with the service defaults: their standard resilience handler would have retried.
        Assert.Single(fixture.Provider.RequestsWith(value));
        var app = await CreateAppTokenAsync(token);
        var effective = await (await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/effective", app)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, effective.GetProperty("lastKnownGoodAt").ValueKind);
    }

    [Fact]
    public async Task ValidateNeedsASessionAKeyAndAProviderName()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/validate", token: null)).StatusCode);
        await (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/validate", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, "/api/keys/Not%20A%20Provider/validate", token)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await _client.SaveKeyAsync(token, "mistral", TestKeyValues.New("mistral"));
        var notCheckable = await (await _client.SendAsync(HttpMethod.Post, "/api/keys/mistral/validate", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not-checkable", notCheckable.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, Assert.Single(await _client.ListKeysAsync(token)).GetProperty("validation").ValueKind);
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> CreateAppTokenAsync(string token)
    {
        var create = await _client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token,
            new { name = "chat-backend", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1), password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        return (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
