using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Maintenance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class KeyRotationTests(ClusterFixture fixture)
{
    private const string OldKeyId = "rotation-old";
    private const string NewKeyId = "rotation-new";
    private const string OldSecret = "rotation-test-old-key-encryption-secret-0123456789";
    private const string NewSecret = "rotation-test-new-key-encryption-secret-9876543210";

    [Fact]
    public async Task RotationUnderASaveLoadLeavesEveryValueReadableAndNothingUnderTheOldKey()
    {
        var serviceId = $"rotation-{Guid.NewGuid():N}";
        var expected = new Dictionary<(string User, string Provider), string>();
        var users = new List<SignedInUser>();

        // Before: everything under the old key.
        var before = await fixture.StartClusterAsync(serviceId, OldKeyId, new Dictionary<string, string> { [OldKeyId] = OldSecret });
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var user = await TestUsers.SignUpAsync(before.Client);
                foreach (var provider in new[] { "openai", "groq" })
                {
                    var value = TestUsers.NewKeyValue(provider);
                    await user.SaveKeyAsync(provider, value);
                    expected[(user.Name, provider)] = value;
                }

                users.Add(user);
            }
        }
        finally
        {
            await before.StopAllSilosAsync();
            await before.DisposeAsync();
        }

        // After: both keys configured, the new one active; rotate while saves keep coming.
        var after = await fixture.StartClusterAsync(serviceId, NewKeyId, new Dictionary<string, string> { [OldKeyId] = OldSecret, [NewKeyId] = NewSecret });
        try
        {
            using var stop = new CancellationTokenSource();
            var load = Task.Run(async () =>
            {
                var saves = 0;
                while (!stop.IsCancellationRequested)
                {
                    var user = users[saves % users.Count].On(after.Client);
                    var value = TestUsers.NewKeyValue("openai");
                    await user.SaveKeyAsync("openai", value);
                    lock (expected)
                    {
                        expected[(user.Name, "openai")] = value;
                    }

                    saves++;
                }

                return saves;
            });

            await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
            var rotation = new KeyRotation(database, after.Client,
                new KeyProtector(Options.Create(new KeyEncryptionOptions { ActiveKeyId = NewKeyId, Keys = { [OldKeyId] = OldSecret, [NewKeyId] = NewSecret } })),
                Options.Create(new ClusterOptions { ServiceId = serviceId }), NullLogger<KeyRotation>.Instance);
            var report = await rotation.RunAsync();
            await Task.Delay(200);
            await stop.CancelAsync();
            var saves = await load;

            Assert.Equal((NewKeyId, 40, 0, 0, 0), (report.ActiveKeyId, report.Rewrapped + report.AlreadyCurrent, report.Unreadable, report.Failed, report.Remaining));
            Assert.True(saves > 0);

            var stillOld = await fixture.Postgres.QueryAsync(ClusterFixture.Database, $"""
                SELECT count(*) FROM grain_state WHERE service_id = '{serviceId}' AND convert_from(payload, 'UTF8') LIKE '%{OldKeyId}%'
                """);
            Assert.Equal("0", Assert.Single(stillOld));
            Assert.Equal(0, (await rotation.RunAsync()).Checked);

            await after.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            foreach (var ((userName, provider), value) in expected)
            {
                var user = users.Single(u => u.Name == userName).On(after.Client);
                Assert.Equal(value, await user.RevealKeyAsync(provider));
            }
        }
        finally
        {
            await after.StopAllSilosAsync();
            await after.DisposeAsync();
        }

        // Without the old key the service still starts its grains, and nothing needs it any more.
        var newOnly = await fixture.StartClusterAsync(serviceId, NewKeyId, new Dictionary<string, string> { [NewKeyId] = NewSecret });
        try
        {
            var user = users[0].On(newOnly.Client);
            Assert.All(await user.ListKeysAsync(), entry => Assert.True(entry.Readable));
        }
        finally
        {
            await newOnly.StopAllSilosAsync();
            await newOnly.DisposeAsync();
        }
    }
}
