using KeyKeeper.Silo.Maintenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AuditRetentionSweepTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheSweepDeletesOnlyAuditEventsOlderThanTheRetention()
    {
        var user = $"retention-{Guid.NewGuid():N}";
        // The default retention is 400 days: one event just past it, one just inside it.
        await fixture.Postgres.QueryAsync(ClusterFixture.Database, $"""
            INSERT INTO audit_event (record_id, service_id, user_name, action, occurred_at)
            VALUES (gen_random_uuid(), '{fixture.ServiceId}', '{user}', 'expired', now() - interval '401 days'),
                   (gen_random_uuid(), '{fixture.ServiceId}', '{user}', 'kept', now() - interval '399 days')
            """);

        var sweep = fixture.SiloServices.GetServices<IHostedService>().OfType<AuditRetentionSweep>().Single();
        Assert.True(await sweep.SweepAsync(CancellationToken.None) >= 1);

        var left = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT action FROM audit_event WHERE service_id = '{fixture.ServiceId}' AND user_name = '{user}'");
        Assert.Equal(["kept"], left);
    }
}
