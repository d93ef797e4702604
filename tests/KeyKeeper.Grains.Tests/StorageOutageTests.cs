using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class StorageOutageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SaveFailsClearlyWhilePostgresIsDownAndWorksAgainWithoutARestart()
    {
        var (_, grain) = await TestUsers.SignUpAsync(fixture.Grains);
        var kept = TestUsers.NewKeyValue();
        var keptEntry = await grain.SaveKeyAsync("openai", kept);

        await fixture.Postgres.StopAsync();
        try
        {
            var failed = await Assert.ThrowsAsync<KeyStoreUnavailableException>(() => grain.SaveKeyAsync("groq", TestUsers.NewKeyValue("gsk_")));
            Assert.Contains("Nothing was changed", failed.Message);
            await Assert.ThrowsAsync<KeyStoreUnavailableException>(() => grain.SaveKeyAsync("openai", TestUsers.NewKeyValue()));
            await Assert.ThrowsAsync<KeyStoreUnavailableException>(() => grain.DeleteKeyAsync("openai"));

            // The active grain still answers, showing only what the database holds.
            Assert.Equal([keptEntry], await grain.ListKeysAsync());
            Assert.Equal(kept, (await grain.RevealKeyAsync("openai")).Value);
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        var later = TestUsers.NewKeyValue("gsk_");
        await SaveWithRetriesAsync(grain, "groq", later, TimeSpan.FromSeconds(10));

        await fixture.DeactivateAllAsync();
        var entries = await grain.ListKeysAsync();
        Assert.Equal(["groq", "openai"], entries.Select(e => e.Provider));
        Assert.Equal(later, (await grain.RevealKeyAsync("groq")).Value);
        Assert.Equal(kept, (await grain.RevealKeyAsync("openai")).Value);
    }

    /// <summary>Pooled connections broken by the outage may fail one more call each; a client retries.</summary>
    private static async Task SaveWithRetriesAsync(IUserKeysGrain grain, string provider, string value, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await grain.SaveKeyAsync(provider, value);
                return;
            }
            catch (KeyStoreUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
