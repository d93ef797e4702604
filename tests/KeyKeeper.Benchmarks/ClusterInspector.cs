using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Benchmarks;

/// <summary>An Orleans client of the benchmark's own, to count the silo's active user grains, to activate and to deactivate them.</summary>
public sealed class ClusterInspector : IAsyncDisposable
{
    private const string UserGrainClass = "KeyKeeper.Silo.Users.UserKeysGrain";

    private readonly IHost _host;
    private readonly NpgsqlDataSource _database;

    private ClusterInspector(IHost host, NpgsqlDataSource database)
    {
        _host = host;
        _database = database;
    }

    public static async Task<ClusterInspector> ConnectAsync(string connectionString, string clusterId, string serviceId, CancellationToken cancellation)
    {
        var database = NpgsqlDataSource.Create(connectionString);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The silos demand the cluster certificate of every client.
        builder.Configuration.AddInMemoryCollection(TestClusterCertificate.Settings);
        builder.UseOrleansClient(client =>
        {
            client.UseKeyKeeperTls();
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = clusterId;
                cluster.ServiceId = serviceId;
            });
            client.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.DataSource = database;
            });
        });
        var host = builder.Build();
        await host.StartAsync(cancellation);
        return new ClusterInspector(host, database);
    }

    /// <summary>Active UserKeysGrain activations on every silo.</summary>
    public async Task<int> CountUserGrainsAsync()
    {
        var management = _host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(UserGrainClass, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    /// <summary>
    /// Activates the grains of <paramref name="userNames"/> with a call that needs a session, made
    /// with a secret no session has: each grain reads its row and refuses the call, and one whose
    /// user has an account stays active. Stops starting calls after <paramref name="within"/>;
    /// returns the calls made and those that ended otherwise (a timeout, the store unavailable).
    /// <paramref name="progress"/> hears the calls finished so far after each one.
    /// </summary>
    public async Task<(int Calls, int Failures)> ActivateUserGrainsAsync(
        IEnumerable<string> userNames, int parallelism, TimeSpan within, Action<int> progress, CancellationToken cancellation)
    {
        var grains = _host.Services.GetRequiredService<IClusterClient>();
        var noSession = new CallerCredentials("benchmark-no-session", null);
        using var timeBox = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeBox.CancelAfter(within);
        var calls = 0;
        var finished = 0;
        var failures = 0;
        try
        {
            await Parallel.ForEachAsync(userNames, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = timeBox.Token },
                async (name, _) =>
                {
                    Interlocked.Increment(ref calls);
                    try
                    {
                        await grains.GetUserKeysGrain(name).ListKeysAsync(noSession);
                    }
                    catch (KeyKeeperException e) when (e.Code == FailureCode.SessionRejected)
                    {
                        // The expected answer: the grain is active now.
                    }
                    catch (Exception)
                    {
                        // Counted: the caller reports them and stops adding grains.
                        Interlocked.Increment(ref failures);
                    }

                    progress(Interlocked.Increment(ref finished));
                });
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // The time ran out; the calls already started have finished.
        }

        return (calls, failures);
    }

    /// <summary>
    /// Deactivates every grain idle for at least <paramref name="idleFor"/> (as the idle collector
    /// would after its collection age) and waits until no user grain is left, within a time limit.
    /// </summary>
    public async Task<int> DeactivateIdleGrainsAsync(TimeSpan idleFor, TimeSpan within)
    {
        var management = _host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(idleFor);
        var deadline = DateTime.UtcNow + within;
        int remaining;
        while ((remaining = await CountUserGrainsAsync()) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return remaining;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
        await _database.DisposeAsync();
    }
}
