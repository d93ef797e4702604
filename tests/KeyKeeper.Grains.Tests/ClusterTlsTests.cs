using System.Diagnostics;
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
    private async Task<Exception?> CallAGrainAsync(Dictionary<string, string?> settings, Action<IClientBuilder> configureTls, TimeSpan patience)
    {
        var gateway = fixture.Cluster.Primary!.GatewayAddress!.Endpoint;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway);
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = fixture.Cluster.Options.ClusterId;
                cluster.ServiceId = fixture.Cluster.Options.ServiceId;
            });
            configureTls(client);
        });
        using var host = builder.Build();
        using var giveUp = new CancellationTokenSource(patience);
        var clock = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(async () =>
        {
            await host.StartAsync(giveUp.Token);
            var answer = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IKeyStoreProbeGrain>(0).CheckAsync().WaitAsync(giveUp.Token);
            Assert.Null(answer);
        });
        output.WriteLine($"{(failure is null ? "answered" : $"refused ({failure.GetType().Name}: {failure.Message})")} after {clock.ElapsedMilliseconds} ms");
        await host.StopAsync(CancellationToken.None);
        return failure;
    }
}
