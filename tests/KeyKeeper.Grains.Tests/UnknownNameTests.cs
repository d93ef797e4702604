using System.Diagnostics;
using KeyKeeper.Grains.Abstractions;
using Xunit.Abstractions;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// Logins for names nobody has do not leave their grains in memory. That they cost what a real
/// account's wrong login costs is measured by the benchmark (section 6).
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

    private async Task<int> CountUserGrainsAsync()
    {
        var statistics = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("UserKeysGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
