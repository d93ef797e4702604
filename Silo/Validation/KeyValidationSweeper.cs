using KeyKeeper.Silo.Maintenance;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Validation;

/// <summary>Candidates come straight from the state rows (no side table, no reminders): a full scan, fine a few times per interval.</summary>
public sealed partial class KeyValidationSweeper(
    NpgsqlDataSource database,
    IGrainFactory grains,
    ProviderValidator validator,
    IOptions<ClusterOptions> cluster,
    IOptions<KeyValidationOptions> options,
    TimeProvider time,
    ILogger<KeyValidationSweeper> logger) : PeriodicSweep(time)
{
    private const int BatchSize = 500;

    // A few users at a time: each check may wait for a slow provider, and no provider should see a burst.
    private const int UsersAtOnce = 4;

    /// <summary>A quarter of the interval, so no check grows much older than the interval.</summary>
    protected override TimeSpan? Period => options.Value.Interval / 4;

    protected override void OnSwept(int count) => LogChecked(count);

    protected override void OnSweepFailed(Exception exception) => LogSweepFailed(exception);

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Interval is not { } interval)
        {
            return 0;
        }

        var checkedBefore = Time.GetUtcNow() - interval;
        var total = 0;
        var after = string.Empty;
        while (true)
        {
            var due = await FindDueAsync(after, checkedBefore, cancellationToken);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = UsersAtOnce, CancellationToken = cancellationToken },
                async (grainKey, _) => Interlocked.Add(ref total, await grains.GetGrain<IUserKeysMaintenance>(grainKey).ValidateDueKeysAsync(checkedBefore)));
            if (due.Count < BatchSize)
            {
                return total;
            }

            after = due[^1];
        }
    }

    private async Task<List<string>> FindDueAsync(string after, DateTimeOffset checkedBefore, CancellationToken cancellationToken)
    {
        // The state is the row's second line (the first is the header, see UserKeysStateSerializer);
        // a row from before the header is one line.
        await using var command = database.CreateCommand("""
            SELECT grain_id_string FROM grain_state
            WHERE service_id = $1 AND grain_type = 'user-keys' AND payload IS NOT NULL AND grain_id_string > $2
              AND EXISTS (
                SELECT 1
                FROM jsonb_each(COALESCE(convert_from(
                         CASE WHEN position('\x0a'::bytea IN payload) > 0
                              THEN substring(payload FROM position('\x0a'::bytea IN payload) + 1)
                              ELSE payload END, 'UTF8')::jsonb -> 'Providers', '{}'::jsonb)) AS p
                WHERE p.key = ANY($3)
                  AND p.value ->> 'DeletedAt' IS NULL
                  AND (p.value -> 'Validation' ->> 'CheckedAt' IS NULL
                       OR (p.value -> 'Validation' ->> 'CheckedAt')::timestamptz <= $4))
            ORDER BY grain_id_string
            LIMIT $5
            """);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = validator.CheckableProviders.ToArray() });
        command.Parameters.Add(new() { Value = checkedBefore.UtcDateTime });
        command.Parameters.Add(new() { Value = BatchSize });
        var due = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    [LoggerMessage(LogLevel.Information, "The periodic check asked the providers about {Count} keys.")]
    private partial void LogChecked(int count);

    [LoggerMessage(LogLevel.Warning, "The periodic key check failed; the next sweep tries again.")]
    private partial void LogSweepFailed(Exception exception);
}
