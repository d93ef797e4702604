using System.Diagnostics;
using KeyKeeper.Grains.Abstractions;
using Xunit.Abstractions;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// Logins for names nobody has: they cost what a real account's wrong login costs, so timing does
/// not tell which names exist, and their grains do not stay in memory.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UnknownNameTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AThousandLoginsForUnknownNamesLeaveNoGrainsBehind()
    {
        var before = await CountUserGrainsAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            Assert.Equal(LoginRefusal.WrongPassword, await fixture.Grains.GetUserKeysGrain($"nobody-{Guid.NewGuid():N}").AssertLoginFails("a wrong password guess")));

        // Deactivation follows each call at once, but asynchronously.
        var after = await CountUserGrainsAsync();
        for (var wait = Stopwatch.StartNew(); after > before + 5 && wait.Elapsed < TimeSpan.FromSeconds(10); after = await CountUserGrainsAsync())
        {
            await Task.Delay(100);
        }

        output.WriteLine($"1,000 logins for unknown names: {before} user grains active before, {after} after");
        Assert.InRange(after, 0, before + 5);
    }

    [Fact]
    public async Task AWrongLoginCostsTheSameForARealAndAnUnknownName()
    {
        const int logins = 200;
        var realNames = new string[logins];
        await Parallel.ForEachAsync(Enumerable.Range(0, logins), async (i, _) => realNames[i] = (await TestUsers.SignUpAsync(fixture.Grains)).Name);
        // Both kinds start from a grain that must be activated, as an attacker's first guess does.
        await fixture.DeactivateAllAsync();

        var real = new List<double>(logins);
        var unknown = new List<double>(logins);
        for (var i = 0; i < logins; i++)
        {
            real.Add(await TimeWrongLoginAsync(realNames[i]));
            unknown.Add(await TimeWrongLoginAsync($"nobody-{Guid.NewGuid():N}"));
        }

        var (realMedian, unknownMedian) = (Median(real), Median(unknown));
        output.WriteLine($"median wrong login over {logins} each: real name {realMedian:F2} ms, unknown name {unknownMedian:F2} ms (ratio {unknownMedian / realMedian:F3})");
        Assert.InRange(unknownMedian / realMedian, 0.9, 1.1);
    }

    private async Task<double> TimeWrongLoginAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(LoginRefusal.WrongPassword, await fixture.Grains.GetUserKeysGrain(name).AssertLoginFails("a wrong password guess"));
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    private async Task<int> CountUserGrainsAsync()
    {
        var statistics = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("UserKeysGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
