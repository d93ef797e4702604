using System.Globalization;
using KeyKeeper.Testing;
using Npgsql;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// The PostgreSQL limit for save-key: pgbench upserting a row shaped like a user's grain_state row
/// and holding a real user's payload (so it has the same size and compresses and TOASTs the same
/// way), one durable transaction each, into the same server.
/// </summary>
public sealed class PgbenchLoad(string pgbenchPath, PostgresServer postgres, string database, string workDirectory)
{
    public const string Table = "bench_upsert";

    private int _rowsPerClientBase;
    private string _payload = string.Empty;

    /// <summary>Creates <see cref="Table"/> like grain_state (same columns, key, defaults) with the rows every client will update.</summary>
    public async Task PrepareAsync(NpgsqlDataSource db, int rows, string samplePayload, int maxClients)
    {
        _rowsPerClientBase = rows;
        _payload = samplePayload;
        // Enough rows that every client count finds its own rows already there: updates, as in the app.
        var total = rows + maxClients;
        await using (var create = db.CreateCommand($"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (LIKE grain_state INCLUDING ALL);"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var command = db.CreateCommand($"""
            INSERT INTO {Table} (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, grain_id_hash, grain_type_hash, payload, version)
            SELECT 'bench', 'user-keys', 0, 0, 'bench-row-' || i, i, 0, convert_to($1, 'UTF8'), 1
            FROM generate_series(1, {total}) AS i;
            """);
        command.Parameters.Add(new() { Value = samplePayload });
        await command.ExecuteNonQueryAsync();
        await using var analyze = db.CreateCommand($"ANALYZE {Table}");
        await analyze.ExecuteNonQueryAsync();
    }

    public async Task<LoadResult> RunAsync(int clients, TimeSpan duration, bool keepLatencies, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var logPrefix = Path.Combine(workDirectory, $"pgbench-{clients}-{Guid.NewGuid():N}");
        string[] arguments =
        [
            "-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
            "-n", "-M", "prepared",
            "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Min(Environment.ProcessorCount, clients).ToString(CultureInfo.InvariantCulture),
            "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-D", $"clients={clients}",
            "-D", $"rows_per_client={Math.Max(1, _rowsPerClientBase / clients)}",
            "-D", $"payload={_payload}",
            "-f", Path.Combine(AppContext.BaseDirectory, "Scripts", "upsert.sql"),
            .. keepLatencies ? new[] { "-l", "--log-prefix", logPrefix } : [],
            database,
        ];
        // pgbench writes its per-transaction log into the working directory's prefix; run it there.
        var output = await ProcessRunner.RunAsync(pgbenchPath, arguments, duration + TimeSpan.FromSeconds(60));
        var processed = long.Parse(Value(output, "number of transactions actually processed:").Split('/')[0], CultureInfo.InvariantCulture);
        var failed = long.Parse(Value(output, "number of failed transactions:").Split(' ')[0], CultureInfo.InvariantCulture);
        var tps = double.Parse(Value(output, "tps =").Split(' ')[0], CultureInfo.InvariantCulture);
        var latencies = keepLatencies ? ReadLatencies(logPrefix) : [];
        return new LoadResult(processed, processed / tps, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), failed);
    }

    private static string Value(string output, string label)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"pgbench printed no '{label}':\n{output}");
        return line[label.Length..].Trim();
    }

    /// <summary>Per-transaction latencies in ms from pgbench's logs (third column, µs); the logs are deleted.</summary>
    private static List<double> ReadLatencies(string logPrefix)
    {
        var latencies = new List<double>();
        var directory = Path.GetDirectoryName(logPrefix)!;
        foreach (var file in Directory.GetFiles(directory, Path.GetFileName(logPrefix) + ".*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ');
                if (fields.Length > 2 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var micros))
                {
                    latencies.Add(micros / 1e3);
                }
            }

            File.Delete(file);
        }

        return latencies;
    }
}
