using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KeyKeeper.Testing;
using Xunit.Abstractions;

namespace KeyKeeper.Reliability.Tests;

/// <summary>
/// The gateway on two silos and two frontends as processes: one app token's budget holds across
/// both frontends, and the usage ledger survives a silo killed with SIGKILL under load, losing at
/// most the requests in flight.
/// </summary>
public sealed class GatewayCrashTests(ITestOutputHelper output)
{
    private const int Clients = 8;

    [Fact]
    public async Task ABudgetIsSharedAcrossFrontendsAndUsageSurvivesASiloKilledUnderLoad()
    {
        await using var upstream = await StandInModelApi.StartAsync();
        await using var app = await ProcessDeployment.StartAsync(silos: 2, frontends: 2,
            new Dictionary<string, string?> { ["Providers:openai:BaseUrl"] = upstream.Url("/v1") });
        var frontends = app.Frontends.Select(frontend => new HttpClient { BaseAddress = new Uri(frontend.HttpUrl), Timeout = TimeSpan.FromSeconds(60) }).ToArray();
        var run = Guid.NewGuid().ToString("N")[..6];

        // One budget, two frontends: 10 requests a minute admit 10 of 30 requests sent through both, alternately.
        var limited = await KeyKeeperClient.SignUpAsync(frontends[0], $"budget-{run}");
        await limited.SaveAsync("openai", KeyKeeperClient.KeyValueFor("openai", $"budget-{run}"));
        var limitedToken = await limited.CreateAppTokenAsync(["openai"], new { requestsPerMinute = 10 });
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await ChatAsync(frontends[i % 2], limitedToken));
        }

        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(20, answers.Count(status => status == HttpStatusCode.TooManyRequests));

        // Usage under load through both frontends while one silo is killed.
        var users = new List<(KeyKeeperClient User, string AppToken)>();
        for (var i = 0; i < Clients; i++)
        {
            var user = await KeyKeeperClient.SignUpAsync(frontends[0], $"usage-{run}-{i}");
            await user.SaveAsync("openai", KeyKeeperClient.KeyValueFor("openai", $"usage-{run}-{i}"));
            users.Add((user, await user.CreateAppTokenAsync(["openai"])));
        }

        var answered = new int[Clients];
        using var loadTime = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        var load = users.Select((user, client) => Task.Run(async () =>
        {
            for (var i = 0; !loadTime.IsCancellationRequested; i++)
            {
                try
                {
                    if (await ChatAsync(frontends[i % 2], user.AppToken) == HttpStatusCode.OK)
                    {
                        answered[client]++;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // No answer: not counted as answered.
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(4));
        await app.Silos[1].Process!.KillAsync();
        output.WriteLine("killed silo-1 (SIGKILL) at 4 s");
        await Task.WhenAll(load);
        // A request is counted one-way just after its answer: let the last ones commit.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var recorded = 0L;
        for (var client = 0; client < Clients; client++)
        {
            var rows = await users[client].User.Through(frontends[0]).UsageTodayAsync();
            var requests = rows.Sum(row => row.GetProperty("requests").GetInt64());
            var okTokens = rows.Sum(row => row.GetProperty("inputTokens").GetInt64() + row.GetProperty("outputTokens").GetInt64());
            recorded += requests;
            // Each user's requests run one at a time: at most the one in flight when the silo died is missing.
            Assert.InRange(requests, answered[client] - 1, answered[client] + 1);
            Assert.Equal(0, okTokens % (StandInModelApi.InputTokens + StandInModelApi.OutputTokens));
        }

        output.WriteLine($"answered {answered.Sum()} requests through two frontends, the ledger holds {recorded}");
        Assert.True(answered.Sum() > 200, $"Only {answered.Sum()} requests were answered: the load did not run.");
        foreach (var client in frontends)
        {
            client.Dispose();
        }
    }

    private static async Task<HttpStatusCode> ChatAsync(HttpClient frontend, string appToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proxy/openai/chat/completions")
        {
            Content = new StringContent("""{"model":"stand-in-chat","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
        using var response = await frontend.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
