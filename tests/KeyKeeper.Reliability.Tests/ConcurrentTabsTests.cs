using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Reliability.Tests;

public sealed class ConcurrentTabsTests
{
    [Fact]
    public async Task FiftyTabsSavingFiftyProvidersAtOnceThroughTwoFrontendsAllLand()
    {
        await using var app = await ProcessDeployment.StartAsync(silos: 2, frontends: 2);
        using var first = new HttpClient { BaseAddress = new Uri(app.Frontends[0].HttpUrl) };
        using var second = new HttpClient { BaseAddress = new Uri(app.Frontends[1].HttpUrl) };
        // Logged in through one frontend, the token works through the other.
        var throughFirst = await KeyKeeperClient.SignUpAsync(first, $"tabs-{Guid.NewGuid():N}"[..20]);
        var throughSecond = throughFirst.Through(second);

        var values = Enumerable.Range(0, 50).ToDictionary(i => $"provider-{i:D2}", i => $"sk-tab-{i:D2}-{Guid.NewGuid():N}");
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
    }
}
