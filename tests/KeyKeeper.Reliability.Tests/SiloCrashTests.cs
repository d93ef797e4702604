using System.Net;
using KeyKeeper.Testing;
using Xunit.Abstractions;

namespace KeyKeeper.Reliability.Tests;

public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private static readonly string[] Providers = ["openai", "anthropic", "groq"];

    [Fact]
    public async Task EveryAcknowledgedSaveSurvivesASiloKilledAndAnotherStoppedDuringASaveStorm()
    {
        await using var app = await ProcessDeployment.StartAsync(silos: 2, frontends: 1);
        using var http = new HttpClient { BaseAddress = new Uri(app.Frontends[0].HttpUrl), Timeout = TimeSpan.FromSeconds(60) };
        var users = await CreateUsersAsync(http, count: 200);
        var ledger = new SaveLedger();
        var unclearFailures = new List<string>();

        using var stormTime = new CancellationTokenSource(TimeSpan.FromSeconds(18));
        var storm = Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            // Each client owns every 16th user, so one user's saves happen one after another.
            var mine = users.Where((_, index) => index % 16 == client).ToArray();
            for (var round = 0; !stormTime.IsCancellationRequested && round < 10_000; round++)
            {
                foreach (var user in mine)
                {
                    var provider = Providers[round % Providers.Length];
                    var value = KeyKeeperClient.KeyValueFor(provider, $"{user.UserName}-{round:D5}");
                    try
                    {
                        using var response = await user.SaveAsync(provider, value);
                        if (response.IsSuccessStatusCode)
                        {
                            ledger.Record(user.UserName, provider, value, SaveLedger.Outcome.Acknowledged);
                            continue;
                        }

                        ledger.Record(user.UserName, provider, value, SaveLedger.Outcome.Failed);
                        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        {
                            var failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                            lock (unclearFailures)
                            {
                                unclearFailures.Add(failure);
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        ledger.Record(user.UserName, provider, value, SaveLedger.Outcome.NoAnswer);
                    }
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(4));
        var victim = app.Silos[1];
        await victim.Process!.KillAsync();
        output.WriteLine($"killed {victim.Name} (SIGKILL) at 4 s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await app.RestartSiloAsync(victim);
        output.WriteLine($"{victim.Name} restarted and healthy");

        // A graceful stop (SIGTERM, as an orchestrator does) must lose nothing either.
        var stopped = app.Silos[0];
        Assert.Equal(0, await stopped.Process!.StopAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine($"{stopped.Name} stopped by SIGTERM with exit code 0");
        await app.RestartSiloAsync(stopped);
        await Task.WhenAll(storm);

        // Read back from PostgreSQL, not from memory: crash each silo in turn (the other one
        // stays up to declare it dead) so that every grain is activated again from its row.
        foreach (var silo in app.Silos)
        {
            await silo.Process!.KillAsync();
            await app.RestartSiloAsync(silo);
        }

        await app.Frontends[0].Process!.WaitUntilHealthyAsync(app.Frontends[0].HttpUrl + "/health", TimeSpan.FromSeconds(60));

        var lost = new List<string>();
        var byName = users.ToDictionary(u => u.UserName);
        foreach (var (user, provider) in ledger.Keys)
        {
            var stored = await byName[user].RevealValueAsync(provider);
            if (!ledger.AllowedFinalValues(user, provider).Contains(stored))
            {
                lost.Add($"{user}/{provider}: stored '{stored}'");
            }
        }

        output.WriteLine($"acknowledged {ledger.Acknowledged}, failed {ledger.Failed}, no answer {ledger.NoAnswer}, lost {lost.Count}");
        Assert.Empty(lost);
        Assert.Empty(unclearFailures);
        Assert.True(ledger.Acknowledged > 300, $"Only {ledger.Acknowledged} saves were acknowledged: the storm did not run.");
    }

    private static async Task<KeyKeeperClient[]> CreateUsersAsync(HttpClient http, int count)
    {
        using var gate = new SemaphoreSlim(8);
        var run = Guid.NewGuid().ToString("N")[..6];
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await KeyKeeperClient.SignUpAsync(http, $"storm-{run}-{i:D3}");
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
