using KeyKeeper.Silo.Usage;
using Npgsql;

namespace KeyKeeper.Grains.Tests;

/// <summary>The usage ledger's group commit, on the real table as the silo's role writes it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UsageBatcherTests(ClusterFixture fixture)
{
    [Fact]
    public async Task UsesAddedAtOnceAreAllCommittedBeforeTheirCallersAreToldEvenForOneRow()
    {
        await using var database = NpgsqlDataSource.Create(fixture.SiloConnectionString);
        await using var batcher = new UsageBatcher(database);
        var user = $"batch-{Guid.NewGuid():N}";
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        UsageRow Use(string provider, int i) => new("batch-tests", user, "token-1", provider, day, 1, i, 2 * i, i % 2, 0, DateTime.UtcNow);

        // 300 uses at once, most of them of one row: an upsert must not touch a row twice.
        await Task.WhenAll(Enumerable.Range(1, 300).Select(i => batcher.AddAsync(Use(i % 10 == 0 ? "anthropic" : "openai", i))));

        var rows = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT provider || ':' || requests || ':' || input_tokens || ':' || output_tokens || ':' || errors_4xx FROM usage_daily WHERE user_name = '{user}' ORDER BY provider");
        var openai = Enumerable.Range(1, 300).Where(i => i % 10 != 0).ToList();
        var anthropic = Enumerable.Range(1, 300).Where(i => i % 10 == 0).ToList();
        Assert.Equal(
            [$"anthropic:{anthropic.Count}:{anthropic.Sum()}:{2 * anthropic.Sum()}:0", $"openai:{openai.Count}:{openai.Sum()}:{2 * openai.Sum()}:{openai.Count(i => i % 2 == 1)}"],
            rows);
    }

    [Fact]
    public async Task AFailedWriteFailsEveryCallerInItsBatch()
    {
        await using var unreachable = NpgsqlDataSource.Create(KeyKeeper.Testing.TestDeployment.UnreachableConnectionString);
        await using var batcher = new UsageBatcher(unreachable);
        var uses = Enumerable.Range(0, 5).Select(_ => batcher.AddAsync(new UsageRow("batch-tests", "nobody", "t", "openai", DateOnly.MinValue, 1, 0, 0, 0, 0, DateTime.UtcNow))).ToList();

        foreach (var use in uses)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => use);
        }
    }
}
