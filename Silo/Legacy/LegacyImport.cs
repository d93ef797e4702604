using System.Collections.Concurrent;
using System.Diagnostics;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Telemetry;
using Npgsql;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Legacy;

/// <summary>Writes through the users' grains, the only writers of their state: each user in one write.</summary>
public sealed partial class LegacyImport(IGrainFactory grains, NpgsqlDataSource database, IOptions<ClusterOptions> cluster, ILogger<LegacyImport> logger)
{
    private const int Parallelism = 32;

    public async Task<LegacyImportReport> RunAsync(string usersFile, LegacyUsersFile file, LegacyImportPlan plan, bool dryRun, bool allowPartial, CancellationToken cancellationToken = default)
    {
        using var activity = KeyKeeperActivities.Source.StartActivity("legacy-import");
        var clock = Stopwatch.StartNew();
        var failedUsers = plan.Failures.Select(failure => failure.User).ToHashSet(StringComparer.Ordinal);
        var write = !dryRun && (failedUsers.Count == 0 || allowPartial);
        var imported = new ConcurrentBag<PlannedUser>();
        var skipped = new ConcurrentBag<string>();

        if (write)
        {
            await Parallel.ForEachAsync(plan.Users, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (user, _) =>
            {
                var outcome = await grains.GetGrain<IUserKeysImport>(UserKeysGrainKey.For(user.UserName)).ImportLegacyUserAsync(user.Import);
                if (outcome == ImportOutcome.Imported)
                {
                    imported.Add(user);
                    KeyKeeperMetrics.UsersImported(KeyKeeperMetrics.ImportOutcomes.Imported, 1);
                    KeyKeeperMetrics.KeysImported(user.Import.Keys.Count);
                }
                else
                {
                    skipped.Add(user.Import.DisplayName);
                    KeyKeeperMetrics.UsersImported(KeyKeeperMetrics.ImportOutcomes.Skipped, 1);
                }
            });
            KeyKeeperMetrics.UsersImported(KeyKeeperMetrics.ImportOutcomes.Failed, failedUsers.Count);
        }
        else
        {
            // Nothing is written: tell which users would be imported and which exist already.
            var existing = await ExistingUsersAsync(plan.Users.Select(user => user.UserName).ToList(), cancellationToken);
            foreach (var user in plan.Users)
            {
                if (existing.Contains(user.UserName))
                {
                    skipped.Add(user.Import.DisplayName);
                }
                else
                {
                    imported.Add(user);
                }
            }
        }

        var report = new LegacyImportReport(
            usersFile,
            dryRun,
            allowPartial,
            file.Users.Count,
            [.. imported.Select(user => user.Import.DisplayName).Order(StringComparer.Ordinal)],
            [.. skipped.Order(StringComparer.Ordinal)],
            plan.Failures,
            plan.Collisions,
            imported.SelectMany(user => user.Import.Keys.Keys).GroupBy(provider => provider).OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count()),
            plan.EmptyKeysSkipped,
            write,
            Math.Round(clock.Elapsed.TotalSeconds, 3));
        foreach (var failure in plan.Failures)
        {
            LogFailure(failure.User, failure.Provider ?? "(account)", failure.Reason);
        }

        return report;
    }

    private async Task<HashSet<string>> ExistingUsersAsync(IReadOnlyList<string> userNames, CancellationToken cancellationToken)
    {
        const string query = """
            SELECT substr(grain_id_string, 6) FROM grain_state
            WHERE service_id = $1 AND grain_type = 'user-keys' AND grain_id_string = ANY($2) AND payload IS NOT NULL
              AND (CASE WHEN position('\x0a'::bytea IN payload) > 0 THEN split_part(convert_from(payload, 'UTF8'), E'\n', 2)
                        ELSE convert_from(payload, 'UTF8') END)::jsonb -> 'Account' <> 'null'::jsonb
            """;
        await using var command = database.CreateCommand(query);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = userNames.Select(UserKeysGrainKey.For).ToArray() });
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(reader.GetString(0));
        }

        return existing;
    }

    [LoggerMessage(LogLevel.Warning, "Legacy user '{User}' ({Provider}) is not imported: {Reason}")]
    private partial void LogFailure(string user, string provider, string reason);
}
