using KeyKeeper.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// Mutual TLS on the cluster's connections (<see cref="ClusterTlsSettings"/>). The certificate is
/// read once the settings have been checked at start-up, so a missing file or a wrong password stops
/// the process with the setting named instead of failing while the host is being built.
/// </summary>
public static class ClusterTlsExtensions
{
    /// <summary>Silo-to-silo connections both ways and the gateway: each end presents the cluster certificate and demands it of the other.</summary>
    public static ISiloBuilder UseKeyKeeperTls(this ISiloBuilder silo)
    {
        silo.Services.AddClusterCertificate();
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<IOptions<ClusterTlsSettings>, IServiceProvider>((connections, settings, services) =>
        {
            if (!settings.Value.Enabled)
            {
                return;
            }

            var tls = TlsOptionsFor(services.GetRequiredService<ClusterCertificate>());
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls));
        });
        return silo;
    }

    /// <summary>A client's connections to the gateways: it presents the cluster certificate and talks only to a silo that presents it too.</summary>
    public static IClientBuilder UseKeyKeeperTls(this IClientBuilder client)
    {
        client.Services.AddClusterCertificate();
        client.Services.AddOptions<ClientConnectionOptions>().Configure<IOptions<ClusterTlsSettings>, IServiceProvider>((connections, settings, services) =>
        {
            if (settings.Value.Enabled)
            {
                var tls = TlsOptionsFor(services.GetRequiredService<ClusterCertificate>());
                connections.ConfigureConnection(connection => connection.UseClientTls(tls));
            }
        });
        return client;
    }

    /// <summary>
    /// Both ends present the certificate and require one; the peer's is accepted when it is the
    /// cluster certificate and refused otherwise, whatever chain or name it has (a self-signed
    /// certificate has no chain to check, and a public one proves nothing about this cluster).
    /// </summary>
    public static TlsOptions TlsOptionsFor(ClusterCertificate cluster) => new()
    {
        LocalCertificate = cluster.Certificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = (peer, _, _) => cluster.IsPresentedBy(peer),
        OnAuthenticateAsClient = (_, client) => client.TargetHost = cluster.HostName,
    };

    private static void AddClusterCertificate(this IServiceCollection services)
    {
        services.AddValidatedSettings<ClusterTlsSettings, ClusterTlsSettings.Validator>(ClusterTlsSettings.SectionName);
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<ClusterTlsSettings>>().Value.LoadCertificate());
    }
}
