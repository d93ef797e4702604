using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Reliability.Tests;

public sealed class ConcurrentTabsTests
{
    [Fact]
    public async Task ThirtyTwoTabsSavingThirtyTwoProvidersAtOnceThroughTwoFrontendsAllLand()
    {
        await using var app = await ProcessDeployment.StartAsync(silos: 2, frontends: 2);
        using var first = new HttpClient { BaseAddress = new Uri(app.Frontends[0].HttpUrl) };
        using var second = new HttpClient { BaseAddress = new Uri(app.Frontends[1].HttpUrl) };
        // Logged in through one frontend, the token works through the other.
        var throughFirst = await KeyKeeperClient.SignUpAsync(first, $"tabs-{Guid.NewGuid():N}"[..20]);
        var throughSecond = throughFirst.Through(second);

        // As many providers as KeyLifecycle:MaxProviders allows by default.
        var values = Enumerable.Range(0, 32).ToDictionary(i => $"provider-{i:D2}", i => $"sk-tab-{i:D2}-{Guid.NewGuid():N}");
        var responses = await Task.WhenAll(values.Select((pair, i) =>
            (i % 2 == 0 ? throughFirst : throughSecond).SaveAsync(pair.Key, pair.Value)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var client in new[] { throughFirst, throughSecond })
        {
            var listed = await (await client.ListAsync()).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(values.Keys.Order(StringComparer.Ordinal), listed.EnumerateArray().Select(e => e.GetProperty("provider").GetString()));
        }

        foreach (var (provider, value) in values)
        {
            Assert.Equal(value, await throughSecond.RevealValueAsync(provider));
        }

        // Two tabs that read version 1 of one key race to replace it, each through its own
        // frontend, with If-Match: exactly one wins, the other is told it changed elsewhere.
        for (var race = 0; race < 10; race++)
        {
            var provider = $"provider-{race:D2}";
            var current = (await (await throughFirst.ListAsync()).Content.ReadFromJsonAsync<JsonElement>())
                .EnumerateArray().Single(e => e.GetProperty("provider").GetString() == provider).GetProperty("version").GetInt32();
            var ifMatch = $"\"{current}\"";
            var candidates = new[] { KeyKeeperClient.KeyValueFor(provider, $"a{race}"), KeyKeeperClient.KeyValueFor(provider, $"b{race}") };
            var raced = await Task.WhenAll(
                throughFirst.SaveAsync(provider, candidates[0], ifMatch),
                throughSecond.SaveAsync(provider, candidates[1], ifMatch));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], raced.Select(r => r.StatusCode).Order());
            var winner = candidates[Array.FindIndex(raced, r => r.StatusCode == HttpStatusCode.OK)];
            Assert.Equal(winner, await throughFirst.RevealValueAsync(provider));
        }
    }
}
