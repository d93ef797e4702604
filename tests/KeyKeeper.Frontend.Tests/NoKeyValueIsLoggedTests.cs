using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The whole suite's logs are checked against every saved value as they arrive (and again when
/// the fixture is disposed); this test drives the paths that handle values and checks now.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NoKeyValueIsLoggedTests(AppFixture fixture)
{
    [Fact]
    public async Task SavingRevealingAndLoggingInLeaveNoKeyValueInAnyLogLineOrUrl()
    {
        var detector = fixture.Logs.Detector;
        var linesBefore = detector.LineCount;
        using var client = fixture.CreateClient();
        var name = $"leak-{Guid.NewGuid():N}";
        var token = await ApiClient.SignUpAndLoginAsync(client, name);

        foreach (var provider in new[] { "openai", "anthropic", "google", "groq" })
        {
            var value = TestKeyValues.New(provider);
            await client.SaveKeyAsync(token, provider, value);
            var reveal = await client.SendAsync(HttpMethod.Post, $"/api/keys/{provider}/reveal", token);
            Assert.Equal(value, (await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        }

        // A refused save (the wrong shape for the provider) must not echo the value either.
        var refused = await client.SendAsync(HttpMethod.Put, "/api/keys/anthropic", token, new { value = TestKeyValues.New("openai") });
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        var again = await ApiClient.LoginAsync(client, name);
        Assert.Equal(4, (await client.ListKeysAsync(again)).Length);

        Assert.Empty(detector.Violations);
        Assert.True(detector.ValueCount >= 5, $"only {detector.ValueCount} values registered");
        // Not vacuous: the sink saw this scenario's request lines, so it would have seen a value.
        Assert.True(detector.LineCount - linesBefore >= 10, $"only {detector.LineCount - linesBefore} lines logged");
        Assert.Contains(detector.Lines, line => line.Contains("/api/keys/openai/reveal", StringComparison.Ordinal));
    }
}
