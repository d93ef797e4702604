using Npgsql;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// What PostgreSQL did, read before and after a run: committed transactions (pg_stat_database,
/// which backends report up to a second late, so deltas over a run are approximate), transaction
/// ids handed out (one per writing transaction, exact), row versions of a table (one per
/// durable save, exact) and the bytes written to the write-ahead log (every durable byte, exact).
/// </summary>
public sealed record DatabaseCounters(long Commits, long NextTransactionId, long RowVersions, long WalBytes)
{
    public static async Task<DatabaseCounters> ReadAsync(NpgsqlDataSource db, string versionedTable)
    {
        // pg_snapshot_xmax of a fresh snapshot is the next id to hand out, without taking one.
        await using var command = db.CreateCommand($"""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
                   (SELECT coalesce(sum(version), 0)::bigint FROM {versionedTable}),
                   (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    public DatabaseCounters Minus(DatabaseCounters before) =>
        new(Commits - before.Commits, NextTransactionId - before.NextTransactionId, RowVersions - before.RowVersions, WalBytes - before.WalBytes);
}
