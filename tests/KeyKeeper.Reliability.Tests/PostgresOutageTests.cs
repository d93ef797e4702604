using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;
using Xunit.Abstractions;

namespace KeyKeeper.Reliability.Tests;

public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DuringAnOutageUnderLoadSavesAre503ReadsWorkAndSavesRecoverWithinFiveSeconds()
    {
        await using var app = await ProcessDeployment.StartAsync(silos: 1, frontends: 1);
        var frontend = app.Frontends[0];
        using var http = new HttpClient { BaseAddress = new Uri(frontend.HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        var users = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => KeyKeeperClient.SignUpAsync(http, $"outage-{Guid.NewGuid():N}"[..20])));
        var ledger = new SaveLedger();
        var violations = new List<string>();
        var phase = "before";

        using var loadTime = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recovered = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var restartedAt = new Stopwatch();
        var load = users.Select(user => Task.Run(async () =>
        {
            for (var round = 0; !loadTime.IsCancellationRequested; round++)
            {
                var value = KeyKeeperClient.KeyValueFor("openai", $"{user.UserName}-{round:D6}");
                var phaseAtStart = Volatile.Read(ref phase);
                using var response = await user.SaveAsync("openai", value);
                if (response.IsSuccessStatusCode)
                {
                    ledger.Record(user.UserName, "openai", value, SaveLedger.Outcome.Acknowledged);
                    if (phaseAtStart == "down" && Volatile.Read(ref phase) == "down")
                    {
                        Add(violations, $"2xx while PostgreSQL was down: {value}");
                    }

                    if (phaseAtStart == "restarted")
                    {
                        recovered.TrySetResult(restartedAt.Elapsed);
                    }
                }
                else
                {
                    ledger.Record(user.UserName, "openai", value, SaveLedger.Outcome.Failed);
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        Add(violations, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }

                // Whatever is listed must be a value that was acknowledged or may have been applied.
                using var list = await user.ListAsync();
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                var masked = (await list.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("masked").GetString()!;
                if (!ledger.AllowedFinalValues(user.UserName, "openai").Any(v => v is not null && v[^4..] == masked[^4..]))
                {
                    Add(violations, $"listed {masked} for {user.UserName}, which was never a possible value");
                }

                if (phaseAtStart == "recovered")
                {
                    return;
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        await app.Postgres.StopAsync();
        // Only saves that start after the server is gone must fail; the ones in flight may commit.
        Volatile.Write(ref phase, "down");
        output.WriteLine("PostgreSQL stopped");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Volatile.Write(ref phase, "starting");
        await app.Postgres.StartAsync();
        restartedAt.Start();
        Volatile.Write(ref phase, "restarted");
        var recoveryTime = await recovered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"first acknowledged save {recoveryTime.TotalMilliseconds:F0} ms after PostgreSQL was back");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Volatile.Write(ref phase, "recovered");
        await Task.WhenAll(load);

        foreach (var user in users)
        {
            Assert.Contains(await user.RevealValueAsync("openai"), ledger.AllowedFinalValues(user.UserName, "openai"));
        }

        output.WriteLine($"acknowledged {ledger.Acknowledged}, failed {ledger.Failed}");
        Assert.Empty(violations);
        Assert.True(ledger.Failed > 0, "No save failed: the outage did not happen under load.");
        Assert.True(recoveryTime < TimeSpan.FromSeconds(5), $"Saves recovered only after {recoveryTime}.");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
    }

    private static void Add(List<string> violations, string violation)
    {
        lock (violations)
        {
            violations.Add(violation);
        }
    }
}
