namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class ClusterMembershipTests(AppFixture fixture)
{
    [Fact]
    public async Task TwoSilosFormOneClusterThroughThePostgresMembershipTable()
    {
        using var client = fixture.CreateClient();
        var users = new List<(string Token, string Value)>();
        await using (var second = await fixture.StartExtraSiloAsync())
        {
            await WaitForActiveSilosAsync(2);
            var rows = await fixture.Postgres.QueryAsync(AppFixture.Database,
                $"SELECT count(*) FROM cluster_membership WHERE deployment_id = '{fixture.Settings["Orleans:ClusterId"]}' AND status = 3");
            Assert.Equal("2", Assert.Single(rows));

            // Enough users that their grains land on both silos.
            for (var i = 0; i < 12; i++)
            {
                var token = await ApiClient.SignUpAndLoginAsync(client);
                var value = $"sk-spread-{Guid.NewGuid():N}";
                await client.SaveKeyAsync(token, "openai", value);
                users.Add((token, value));
            }
        }

        // The second silo left gracefully; its users' grains come back on the first one from PostgreSQL.
        await WaitForActiveSilosAsync(1);
        foreach (var (token, value) in users)
        {
            var listed = Assert.Single(await client.ListKeysAsync(token));
            Assert.EndsWith(value[^4..], listed.GetProperty("masked").GetString());
        }
    }

    private async Task WaitForActiveSilosAsync(int count)
    {
        var management = fixture.ClusterClient.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await management.GetHosts(onlyActive: true)).Count != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The cluster did not reach {count} active silo(s).");
            await Task.Delay(250);
        }
    }
}
