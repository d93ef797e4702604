using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class UserNameNormalizationTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task ComposedDecomposedAndUpperCaseSpellingsAreOneAccount()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var composed = $"Zo\u00EB.M\u00FCller-{suffix}";
        var decomposed = $"Zoe\u0308.Mu\u0308ller-{suffix}";
        var upper = $"ZO\u00CB.M\u00DCLLER-{suffix.ToUpperInvariant()}";

        var created = await _client.PostAsJsonAsync("/api/account/signup", new { username = composed, password = ApiClient.Password, email = "zoe\u0308@example.com" });
        var again = await _client.PostAsJsonAsync("/api/account/signup", new { username = decomposed, password = ApiClient.Password });
        var first = await ApiClient.LoginAsync(_client, composed);
        var second = await ApiClient.LoginAsync(_client, decomposed);
        var third = await ApiClient.LoginAsync(_client, upper);
        var saved = await _client.SaveKeyAsync(first, "openai", TestKeyValues.New("openai"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"zo\u00EB.m\u00FCller-{suffix}", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        foreach (var token in new[] { second, third })
        {
            var keys = await _client.ListKeysAsync(token);
            Assert.Equal(saved.GetProperty("masked").GetString(), Assert.Single(keys).GetProperty("masked").GetString());
        }
    }

    [Fact]
    public async Task AFullwidthNameIsNotItsAsciiLookAlike()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var fullwidth = "\uFF5A\uFF4F\uFF45-" + suffix;
        var ascii = "zoe-" + suffix;

        var wide = await _client.PostAsJsonAsync("/api/account/signup", new { username = fullwidth, password = ApiClient.Password });
        var narrow = await _client.PostAsJsonAsync("/api/account/signup", new { username = ascii, password = ApiClient.Password });

        Assert.Equal(HttpStatusCode.Created, wide.StatusCode);
        Assert.Equal(HttpStatusCode.Created, narrow.StatusCode);
    }
}
