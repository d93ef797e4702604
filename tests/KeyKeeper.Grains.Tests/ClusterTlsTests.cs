using System.Diagnostics;
using System.Net;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.ServiceDefaults.Security;
using KeyKeeper.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// The fixture's silo listens with mutual TLS (the test process's cluster certificate). Outside
/// clients dial its gateway directly, as anyone who reaches the port could: only the one that
/// presents the cluster certificate gets a grain to answer. The refused ones accept any server
/// certificate, so what refuses them is the silo.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests(ClusterFixture fixture, ITestOutputHelper output)
{
    // Long enough for a client that is let in to connect and call a grain on a busy machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // A client that is let in answers within about 150 ms here; a refused one keeps retrying the
    // handshake, so it is given up on after this long.
    private static readonly TimeSpan RefusedAfter = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AClientWithTheClusterCertificateCallsAGrain()
    {
        var failure = await CallAGrainAsync(TestClusterCertificate.Settings, client => client.UseKeyKeeperTls(), Patience);

        Assert.Null(failure);
    }

    [Fact]
    public async Task AClientWithoutTlsCannotCallAGrain()
    {
        var failure = await CallAGrainAsync(new() { [$"{ClusterTlsSettings.SectionName}:Enabled"] = "false" }, client => client.UseKeyKeeperTls(), RefusedAfter);

        AssertNeverGotIn(failure);
    }

    [Fact]
    public async Task AClientWithoutACertificateCannotCallAGrain()
    {
        var failure = await CallAGrainAsync([], client => client.UseTls(tls => tls.AllowAnyRemoteCertificate()), RefusedAfter);

        AssertNeverGotIn(failure);
    }

    [Fact]
    public async Task AClientWithAnotherSelfSignedCertificateOfTheSameNameCannotCallAGrain()
    {
        using var stranger = ClusterCertificate.CreateSelfSigned(TimeSpan.FromDays(1));

        var failure = await CallAGrainAsync([], client => client.UseTls(stranger, tls => tls.AllowAnyRemoteCertificate()), RefusedAfter);

        AssertNeverGotIn(failure);
    }

    [Fact]
    public async Task AClientWithTheClusterCertificateRefusesASiloThatPresentsAnother()
    {
        // A silo of a stranger's, which lets any client in: only the client's pin can refuse it.
        using var stranger = ClusterCertificate.CreateSelfSigned(TimeSpan.FromDays(1));
        using var cluster = ClusterCertificate.Load(TestClusterCertificate.Path, TestClusterCertificate.Password);
        var (siloPort, gatewayPort) = (LoopbackPort.Next(), LoopbackPort.Next());
        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        siloBuilder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort, clusterId: "stranger", serviceId: "stranger")
            .UseTls(stranger, tls => tls.AllowAnyRemoteCertificate()));
        using var strangerSilo = siloBuilder.Build();
        await strangerSilo.StartAsync();
        try
        {
            var gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
            var trusting = await CallAsync(gateway, ("stranger", "stranger"), TestClusterCertificate.Settings,
                client => client.UseTls(cluster.Certificate, tls => tls.AllowAnyRemoteCertificate()), HostsAnswerAsync, Patience);
            var pinning = await CallAsync(gateway, ("stranger", "stranger"), TestClusterCertificate.Settings,
                client => client.UseKeyKeeperTls(), HostsAnswerAsync, RefusedAfter);

            Assert.Null(trusting);
            AssertNeverGotIn(pinning);
        }
        finally
        {
            await strangerSilo.StopAsync(CancellationToken.None);
        }

        static Task HostsAnswerAsync(IClusterClient client) => client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
    }

    [Fact]
    public void OnlyTheClusterCertificateIsAccepted()
    {
        using var cluster = ClusterCertificate.Load(TestClusterCertificate.Path, TestClusterCertificate.Password);
        using var sameFile = ClusterCertificate.Load(TestClusterCertificate.Path, TestClusterCertificate.Password);
        using var sameName = ClusterCertificate.CreateSelfSigned(TimeSpan.FromDays(1));
        var validate = ClusterTlsExtensions.TlsOptionsFor(cluster).RemoteCertificateValidation!;

        Assert.True(validate(sameFile.Certificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validate(sameName, null, System.Net.Security.SslPolicyErrors.None));
        Assert.Equal(cluster.Certificate.Subject, sameName.Subject);
    }

    /// <summary>The client was still trying to connect when it was given up on, rather than failing for a reason of its own.</summary>
    private static void AssertNeverGotIn(Exception? failure) => Assert.IsAssignableFrom<OperationCanceledException>(failure);

    /// <summary>
    /// Connects a client of its own to the fixture's gateway and calls the key-store probe; returns
    /// why it could not (null when the call was answered), within <paramref name="patience"/>.
    /// </summary>
    private Task<Exception?> CallAGrainAsync(Dictionary<string, string?> settings, Action<IClientBuilder> configureTls, TimeSpan patience) =>
        CallAsync(fixture.Cluster.Primary!.GatewayAddress!.Endpoint, (fixture.Cluster.Options.ClusterId, fixture.Cluster.Options.ServiceId), settings, configureTls,
            async client => Assert.Null(await client.GetGrain<IKeyStoreProbeGrain>(0).CheckAsync()), patience);

    /// <summary>A client of its own, dialling <paramref name="gateway"/> of cluster <paramref name="ids"/>, makes <paramref name="call"/>; returns why it could not.</summary>
    private async Task<Exception?> CallAsync(IPEndPoint gateway, (string ClusterId, string ServiceId) ids, Dictionary<string, string?> settings,
        Action<IClientBuilder> configureTls, Func<IClusterClient, Task> call, TimeSpan patience)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway);
            client.Configure<ClusterOptions>(cluster =>
            {
                (cluster.ClusterId, cluster.ServiceId) = ids;
            });
            configureTls(client);
        });
        using var host = builder.Build();
        using var giveUp = new CancellationTokenSource(patience);
        var clock = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(async () =>
        {
            await host.StartAsync(giveUp.Token);
            await call(host.Services.GetRequiredService<IClusterClient>()).WaitAsync(giveUp.Token);
        });
        output.WriteLine($"{(failure is null ? "answered" : $"refused ({failure.GetType().Name}: {failure.Message})")} after {clock.ElapsedMilliseconds} ms");
        await host.StopAsync(CancellationToken.None);
        return failure;
    }
}
