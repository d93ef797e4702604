using KeyKeeper.Silo.Health;
using Microsoft.Extensions.DependencyInjection;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ColdStartWarmUpTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheWarmUpRunsAUsersFirstRequestPathWithoutWritingAnythingOrActivatingAGrain()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue("openai"));
        var warmUp = fixture.SiloServices.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<ColdStartWarmUp>().Single();
        const string Written = "SELECT (SELECT sum(version) FROM grain_state)::text || '/' || (SELECT count(*) FROM audit_event)::text";
        var before = await fixture.Postgres.QueryAsync(ClusterFixture.Database, Written);
        var activeBefore = await ActiveUserGrainsAsync();

        Assert.True(await warmUp.WarmUpAsync(CancellationToken.None));

        Assert.Equal(before, await fixture.Postgres.QueryAsync(ClusterFixture.Database, Written));
        Assert.Equal(activeBefore, await ActiveUserGrainsAsync());
    }

    private async Task<int> ActiveUserGrainsAsync() =>
        (await fixture.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("UserKeysGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
}
