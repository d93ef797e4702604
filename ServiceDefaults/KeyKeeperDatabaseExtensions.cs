using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.ServiceDefaults;

public static class KeyKeeperDatabaseExtensions
{
    public static IHostApplicationBuilder AddKeyKeeperDatabase(this IHostApplicationBuilder builder)
    {
        // The lowest layer, because Orleans and the commands read the cluster ids from configuration themselves.
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

    public static ISiloBuilder UseKeyKeeperClustering(this ISiloBuilder silo) =>
        silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((clustering, database) =>
        {
            clustering.Invariant = KeyKeeperCluster.Invariant;
            clustering.DataSource = database;
        }));

    /// <summary>Clients are never told database errors: the grains answer them as <c>KeyKeeperException</c>s.</summary>
    public static IClientBuilder UseKeyKeeperClustering(this IClientBuilder client) =>
        client.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((clustering, database) =>
        {
            clustering.Invariant = KeyKeeperCluster.Invariant;
            clustering.DataSource = database;
        }));
}
