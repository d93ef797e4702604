using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The bug KeyKeeper exists to end: a saved key that is gone after a refresh.</summary>
[Collection(AppCollection.Name)]
public sealed class SeedScenarioTests(AppFixture fixture)
{
    [Fact]
    public async Task ASavedKeyIsListedEveryTimeAcrossAFrontendRestartAndASiloRestart()
    {
        var name = $"seed-{Guid.NewGuid():N}";
        string token;
        JsonElement saved;
        using (var client = fixture.CreateClient())
        {
            token = await ApiClient.SignUpAndLoginAsync(client, name);
            saved = await client.SaveKeyAsync(token, "openai", "sk-proj-PADDINGseed-0123456789abcdefghijWXYZ");
        }

        var seen = new List<string>();
        await FetchListAsync(7);
        await fixture.RestartFrontendAsync();
        await FetchListAsync(7);
        await fixture.RestartSiloAsync();
        await fixture.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        await FetchListAsync(6);

        Assert.Equal(20, seen.Count);
        Assert.All(seen, masked => Assert.Equal(saved.GetProperty("masked").GetString(), masked));

        async Task FetchListAsync(int times)
        {
            using var client = fixture.CreateClient();
            for (var i = 0; i < times; i++)
            {
                var entry = Assert.Single(await client.ListKeysAsync(token));
                seen.Add(entry.GetProperty("masked").GetString()!);
            }
        }
    }
}
