using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// The database and the cluster in it, set up alike in every process: the silo, the frontend and
/// the silo's commands.
/// </summary>
public static class KeyKeeperDatabaseExtensions
{
    /// <summary>
    /// The Npgsql data source of the connection <see cref="KeyKeeperCluster.DatabaseName"/>
    /// through Aspire (tracing), tuned for many short write transactions, with the health check
    /// named <see cref="ServiceDefaultsExtensions.DatabaseCheck"/>; and the validated
    /// <see cref="KeyKeeperCluster"/> settings that say which of its rows are this deployment's.
    /// Their defaults (<see cref="KeyKeeperCluster.DefaultSettings"/>) are the lowest
    /// configuration layer, because Orleans reads <c>Orleans:ClusterId</c> and
    /// <c>Orleans:ServiceId</c> from configuration itself, and so do the commands; Orleans'
    /// <see cref="ClusterOptions"/> get the checked values.
    /// </summary>
    public static IHostApplicationBuilder AddKeyKeeperDatabase(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = KeyKeeperCluster.DefaultSettings });
        builder.Services.AddValidatedSettings<KeyKeeperCluster, KeyKeeperCluster.Validator>(KeyKeeperCluster.SectionName);
        // Orleans binds the section itself too, later and alike; this way a refused value is named
        // even where Orleans reads ClusterOptions before the host checks its settings (a client).
        builder.Services.AddOptions<ClusterOptions>().Configure<IOptions<KeyKeeperCluster>>((cluster, settings) =>
        {
            cluster.ClusterId = settings.Value.ClusterId;
            cluster.ServiceId = settings.Value.ServiceId;
        });
        builder.AddNpgsqlDataSource(KeyKeeperCluster.DatabaseName, settings => settings.DisableHealthChecks = true, dataSource =>
        {
            // Skip DISCARD ALL on every pooled connection return and prepare the hot statements.
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 20;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        });
        builder.Services.AddHealthChecks().AddNpgSql(services => services.GetRequiredService<NpgsqlDataSource>(), name: ServiceDefaultsExtensions.DatabaseCheck);
        return builder;
    }

    /// <summary>A silo's cluster membership, in the database (ADO.NET on the <see cref="NpgsqlDataSource"/> in the container).</summary>
    public static ISiloBuilder UseKeyKeeperClustering(this ISiloBuilder silo) =>
        silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((clustering, database) =>
        {
            clustering.Invariant = KeyKeeperCluster.Invariant;
            clustering.DataSource = database;
        }));

    /// <summary>
    /// A client's view of the cluster's gateways, in the database (ADO.NET on the
    /// <see cref="NpgsqlDataSource"/> in the container). Clients are never told database errors:
    /// the grains answer them as <c>KeyKeeperException</c>s.
    /// </summary>
    public static IClientBuilder UseKeyKeeperClustering(this IClientBuilder client) =>
        client.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((clustering, database) =>
        {
            clustering.Invariant = KeyKeeperCluster.Invariant;
            clustering.DataSource = database;
        }));
}
