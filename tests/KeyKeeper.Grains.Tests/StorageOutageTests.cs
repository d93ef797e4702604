using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class StorageOutageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SaveFailsClearlyWhilePostgresIsDownAndWorksAgainWithoutARestart()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var kept = TestUsers.NewKeyValue();
        var keptEntry = await user.SaveKeyAsync("openai", kept);
        var app = await AppTokenTests.CreateAsync(user, ["openai"]);

        await fixture.Postgres.StopAsync();
        try
        {
            var failed = await AssertFails(FailureCode.Unavailable, () => user.SaveKeyAsync("groq", TestUsers.NewKeyValue("groq")));
            Assert.Contains("Nothing was changed", failed.Message);
            await AssertFails(FailureCode.Unavailable, () => user.SaveKeyAsync("openai", TestUsers.NewKeyValue()));
            await AssertFails(FailureCode.Unavailable, () => user.DeleteKeyAsync("openai"));

            // The active grain still answers, showing only what the database holds; a reveal or an
            // app's read needs its audit record written, so it fails too rather than go unrecorded.
            Assert.Equal([keptEntry], await user.ListKeysAsync());
            await AssertFails(FailureCode.Unavailable, () => user.RevealKeyAsync("openai"));
            await AssertFails(FailureCode.Unavailable, () => user.Grain.UseKeyAsync(app.Caller, "openai", deploymentKeyAllowed: false));
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        var later = TestUsers.NewKeyValue("groq");
        await SaveWithRetriesAsync(user, "groq", later, TimeSpan.FromSeconds(10));

        await fixture.DeactivateAllAsync();
        var entries = await user.ListKeysAsync();
        Assert.Equal(["groq", "openai"], entries.Select(e => e.Provider));
        Assert.Equal(later, await user.RevealKeyAsync("groq"));
        Assert.Equal(kept, await user.RevealKeyAsync("openai"));
    }

    /// <summary>Pooled connections broken by the outage may fail one more call each; a client retries.</summary>
    private static async Task SaveWithRetriesAsync(SignedInUser user, string provider, string value, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await user.SaveKeyAsync(provider, value);
                return;
            }
            catch (KeyKeeperException e) when (e.Code == FailureCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
