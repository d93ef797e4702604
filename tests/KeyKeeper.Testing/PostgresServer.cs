using Npgsql;

namespace KeyKeeper.Testing;

/// <summary>
/// A throwaway PostgreSQL server from the machine's own binaries, on a free loopback port, in a
/// temporary data directory. As root it runs as the <c>postgres</c> OS user, as PostgreSQL requires.
/// It can be stopped and started again to test outages.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly bool _durableWrites;

    private PostgresServer(string binDirectory, string dataDirectory, int port, bool durableWrites)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        _durableWrites = durableWrites;
        Port = port;
    }

    public int Port { get; }

    public bool IsRunning { get; private set; }

    /// <summary>Initializes a new data directory and starts the server.</summary>
    /// <param name="durableWrites">
    /// Commit only what is on disk (fsync, synchronous_commit and full_page_writes on), as in
    /// production, for benchmarks; tests keep the default, which skips flushing for speed.
    /// </param>
    public static async Task<PostgresServer> StartNewAsync(bool durableWrites = false)
    {
        var binDirectory = FindBinDirectory();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"keykeeper-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var server = new PostgresServer(binDirectory, dataDirectory, LoopbackPort.Next(), durableWrites);
        if (RunsAsRoot)
        {
            await ProcessRunner.RunAsync("chown", ["postgres:postgres", dataDirectory], CommandTimeout);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await server.RunAsync("initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await server.StartAsync();
        return server;
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            // Tests stop the server under live pools: fail fast instead of waiting.
            Timeout = 5,
        }.ConnectionString;

    public async Task StartAsync()
    {
        // fsync off for tests: they prove visibility and behaviour, not crash durability.
        var durability = _durableWrites
            ? "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
            : "-c fsync=off -c full_page_writes=off";
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDirectory} {durability} -c max_connections=300";
        await RunAsync("pg_ctl", ["-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        IsRunning = true;
    }

    /// <summary>Stops the server at once, as a crash or an outage would.</summary>
    public async Task StopAsync()
    {
        await RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);
        IsRunning = false;
    }

    /// <summary>Runs SQL as the superuser and returns the first column of every row.</summary>
    public async Task<List<string?>> QueryAsync(string database, string sql)
    {
        // Unpooled: a test's own queries must not trip over connections broken by an outage test.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? null : reader.GetValue(0).ToString());
        }

        return rows;
    }

    /// <summary>A plain-text dump of a whole database, as an attacker with a backup would see it.</summary>
    public Task<string> DumpAsync(string database) =>
        ProcessRunner.RunAsync(Path.Combine(_binDirectory, "pg_dump"),
            ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "--data-only", "--inserts", database], CommandTimeout);

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone; the directory is removed below either way.
            }
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Task<string> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return RunsAsRoot
            ? ProcessRunner.RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", executable, .. arguments], CommandTimeout)
            : ProcessRunner.RunAsync(executable, arguments, CommandTimeout);
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("KEYKEEPER_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found under /usr/lib/postgresql/*/bin. Install PostgreSQL (e.g. apt-get install postgresql) or set KEYKEEPER_PG_BIN.");
    }
}
