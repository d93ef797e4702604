using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Validation;
using KeyKeeper.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// The real silo composition refuses to start with a setting it cannot run with, and the reason
/// names the setting as it is configured. Settings are checked when the host starts, before the
/// database or the cluster is touched, so these silos need neither (the database is unreachable).
/// </summary>
public sealed class SiloSettingsTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Tokens:MaxSessionsPerUser", "0", "Tokens:MaxSessionsPerUser must be at least 1 (was 0).")]
    [InlineData("Tokens:MaxSessionsPerUser", "lots", "'Tokens:MaxSessionsPerUser'")]
    [InlineData("Tokens:TokenLifetime", "-00:00:01", "Tokens:TokenLifetime must be more than 0 and at most 3650.00:00:00 (was -00:00:01).")]
    [InlineData("KeyLifecycle:VersionsKept", "-1", "KeyLifecycle:VersionsKept must be at least 1 (was -1).")]
    [InlineData("KeyLifecycle:DeletedRetention", "-1.00:00:00", "KeyLifecycle:DeletedRetention must be more than 0 and at most 3650.00:00:00 (was -1.00:00:00).")]
    [InlineData("KeyLifecycle:PurgeSweepInterval", "00:00:00", "KeyLifecycle:PurgeSweepInterval must be more than 0 and at most 49.00:00:00 (was 00:00:00).")]
    [InlineData("KeyLifecycle:MaxProviders", "0", "KeyLifecycle:MaxProviders must be at least 1 (was 0).")]
    [InlineData("KeyLifecycle:MaxRowBytes", "1024", "KeyLifecycle:MaxRowBytes must be at least 16384 (was 1024).")]
    [InlineData("AccessTokens:SigningKey", "too-short", "AccessTokens:SigningKey must be set to a secret of at least 32 characters")]
    [InlineData("Audit:Retention", "00:00:00", "Audit:Retention must be more than 0 and at most 3650.00:00:00 (was 00:00:00).")]
    [InlineData("Audit:SweepInterval", "-00:00:01", "Audit:SweepInterval must be more than 0 and at most 49.00:00:00 (was -00:00:01).")]
    [InlineData("AccountSecurity:FreeAttempts", "0", "AccountSecurity:FreeAttempts must be at least 1 (was 0).")]
    [InlineData("AccountSecurity:RecoveryCodeCount", "0", "AccountSecurity:RecoveryCodeCount must be at least 1 (was 0).")]
    [InlineData("AccountSecurity:MaxAppTokensPerUser", "0", "AccountSecurity:MaxAppTokensPerUser must be at least 1 (was 0).")]
    [InlineData("AccountSecurity:FirstLockout", "00:00:00", "AccountSecurity:FirstLockout must be more than 0 and at most 3650.00:00:00 (was 00:00:00).")]
    [InlineData("AccountSecurity:MaxLockout", "00:00:10", "AccountSecurity:MaxLockout must be at least AccountSecurity:FirstLockout (00:00:30) (was 00:00:10).")]
    [InlineData("AccountSecurity:TotpIssuer", " ", "AccountSecurity:TotpIssuer must be set.")]
    [InlineData("KeyValidation:Timeout", "00:00:00", "KeyValidation:Timeout must be more than 0 and at most 00:01:00 (was 00:00:00).")]
    [InlineData("KeyValidation:Interval", "00:00:30", "KeyValidation:Interval must be at least 00:01:00 and at most 196.00:00:00 (was 00:00:30).")]
    [InlineData("DeploymentKeys:groq", "sk-not-a-groq-key-0123456789", "DeploymentKeys:groq: ")]
    [InlineData("DeploymentKeys:GatewayFallback", "sometimes", "DeploymentKeys:GatewayFallback: must be true or false.")]
    [InlineData("Providers:mistral:BaseUrl", "http://api.mistral.ai/v1", "Providers:mistral:BaseUrl must use HTTPS: keys are never sent in clear text off this machine.")]
    [InlineData("KeyEncryption:Keys:test-k1", "short", "KeyEncryption:Keys:test-k1 must be at least 32 characters long.")]
    [InlineData("Orleans:ClusterId", " ", "Orleans:ClusterId must be set.")]
    [InlineData("Orleans:SiloPort", "70000", "Orleans:SiloPort must be a TCP port (1-65535) or 0 for a free one (was 70000).")]
    [InlineData("Orleans:GatewayPort", "-1", "Orleans:GatewayPort must be a TCP port (1-65535) or 0 for a free one (was -1).")]
    [InlineData("Orleans:AdvertisedIPAddress", "here", "Orleans:AdvertisedIPAddress must be an IP address (was 'here').")]
    [InlineData("Orleans:Tls:CertificatePath", " ", "Orleans:Tls:CertificatePath must be set: the cluster certificate")]
    [InlineData("Orleans:Tls:CertificatePath", "/nonexistent/cluster.pfx", "Orleans:Tls:CertificatePath names no file (was '/nonexistent/cluster.pfx').")]
    public async Task TheSiloRefusesToStartAndNamesTheSetting(string setting, string value, string reason)
    {
        await using var silo = BuildSilo(new() { [setting] = value });

        Assert.Contains(reason, await ReasonItCannotStartAsync(silo));
    }

    [Fact]
    public async Task ASiloThatAdvertisesANetworkAddressRefusesToStartWithoutTls()
    {
        await using var silo = BuildSilo(new() { ["Orleans:AdvertisedIPAddress"] = "192.0.2.10", ["Orleans:Tls:Enabled"] = "false" });

        Assert.Contains("Orleans:AdvertisedIPAddress is 192.0.2.10, not a loopback address, and Orleans:Tls:Enabled is false: a silo reachable from the network must use TLS.",
            await ReasonItCannotStartAsync(silo));
    }

    [Fact]
    public void OnlyALoopbackClusterMayRunWithoutTls()
    {
        var validator = new KeyKeeperCluster.Validator();

        Assert.True(validator.Validate(null, new KeyKeeperCluster { AdvertisedIPAddress = "127.0.0.1", Tls = { Enabled = false } }).Succeeded);
        Assert.True(validator.Validate(null, new KeyKeeperCluster { AdvertisedIPAddress = "::1", Tls = { Enabled = false } }).Succeeded);
        Assert.False(validator.Validate(null, new KeyKeeperCluster { AdvertisedIPAddress = "10.1.2.3", Tls = { Enabled = false } }).Succeeded);
        Assert.True(validator.Validate(null, new KeyKeeperCluster { AdvertisedIPAddress = "10.1.2.3" }).Succeeded);
    }

    [Fact]
    public async Task ASiloRefusesAClusterCertificateItCannotOpenWithoutSayingThePassword()
    {
        const string wrongPassword = "not-the-cluster-certificate-password";
        await using var silo = BuildSilo(new() { ["Orleans:Tls:CertificatePassword"] = wrongPassword });

        var reason = await ReasonItCannotStartAsync(silo);

        Assert.Contains($"Orleans:Tls:CertificatePath ('{TestClusterCertificate.Path}') cannot be read as a PKCS#12 file with its private key using Orleans:Tls:CertificatePassword.", reason);
        Assert.DoesNotContain(wrongPassword, reason);
    }

    [Fact]
    public async Task EveryRefusedSettingIsNamedAtOnce()
    {
        await using var silo = BuildSilo(new()
        {
            ["Tokens:MaxSessionsPerUser"] = "0",
            ["KeyLifecycle:VersionsKept"] = "0",
            ["AccountSecurity:FreeAttempts"] = "-3",
        });

        var reason = await ReasonItCannotStartAsync(silo);

        Assert.Contains("Tokens:MaxSessionsPerUser must be at least 1 (was 0).", reason);
        Assert.Contains("KeyLifecycle:VersionsKept must be at least 1 (was 0).", reason);
        Assert.Contains("AccountSecurity:FreeAttempts must be at least 1 (was -3).", reason);
    }

    [Fact]
    public async Task ASiloThatCannotStartLogsWhyAndExitsWithOne()
    {
        var logs = new CapturingLoggerProvider();
        await using var silo = BuildSilo(new() { ["Tokens:MaxSessionsPerUser"] = "0" }, logs);

        using var timeout = new CancellationTokenSource(StartTimeout);
        Assert.Equal(1, await silo.RunServiceAsync().WaitAsync(timeout.Token));
        Assert.Contains(logs.Lines, line => line.Level == LogLevel.Critical
            && line.Message.Contains("cannot start: Tokens:MaxSessionsPerUser must be at least 1 (was 0).", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheClusterIsKeyKeeperUnlessARunSaysOtherwise()
    {
        await using var defaults = BuildSilo(new() { [TestDeployment.ClusterIdSetting] = null, [TestDeployment.ServiceIdSetting] = null });
        await using var ownRun = BuildSilo(new() { [TestDeployment.ClusterIdSetting] = "run-1", [TestDeployment.ServiceIdSetting] = "rows-1" });

        var cluster = defaults.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal((KeyKeeperCluster.DefaultId, KeyKeeperCluster.DefaultId), (cluster.ClusterId, cluster.ServiceId));
        // The commands read the ServiceId straight from configuration.
        Assert.Equal(KeyKeeperCluster.DefaultId, defaults.Configuration[TestDeployment.ServiceIdSetting]);
        cluster = ownRun.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("run-1", "rows-1"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public void TheDefaultsAreAccepted()
    {
        Assert.True(new BearerTokenOptionsValidator().Validate(null, new BearerTokenOptions()).Succeeded);
        Assert.True(new KeyLifecycleOptionsValidator().Validate(null, new KeyLifecycleOptions()).Succeeded);
        Assert.True(new AccountSecurityOptionsValidator().Validate(null, new AccountSecurityOptions()).Succeeded);
        Assert.True(new KeyValidationOptionsValidator().Validate(null, new KeyValidationOptions()).Succeeded);
        Assert.True(new DeploymentKeys.Validator().Validate(null, new DeploymentKeys.Settings()).Succeeded);
        Assert.True(new KeyKeeperCluster.Validator().Validate(null, new KeyKeeperCluster()).Succeeded);
    }

    /// <summary>The silo as its Program builds it, on an unreachable database, with <paramref name="changes"/> (a null value removes a setting).</summary>
    private static WebApplication BuildSilo(Dictionary<string, string?> changes, ILoggerProvider? logs = null)
    {
        var settings = new Dictionary<string, string?>(TestDeployment.Settings(TestDeployment.UnreachableConnectionString, "silo-settings-tests"))
        {
            ["KeyEncryption:ActiveKeyId"] = ClusterFixture.KeyId,
            [$"KeyEncryption:Keys:{ClusterFixture.KeyId}"] = ClusterFixture.KeySecret,
        };
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings.Where(setting => setting.Value is not null));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddServiceDefaults();
        builder.AddKeyKeeperSilo();
        return builder.Build();
    }

    private static async Task<string> ReasonItCannotStartAsync(WebApplication silo)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var refused = await Record.ExceptionAsync(() => silo.StartAsync(timeout.Token));
        Assert.NotNull(refused);
        return ServiceDefaultsExtensions.CannotStartReason(refused) ?? throw new Xunit.Sdk.XunitException($"Not a refused setting: {refused}");
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider.Lines)
                {
                    provider.Lines.Add((logLevel, formatter(state, exception)));
                }
            }
        }
    }
}
