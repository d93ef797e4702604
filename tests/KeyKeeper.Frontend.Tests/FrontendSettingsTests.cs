using KeyKeeper.ServiceDefaults;
using KeyKeeper.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The real frontend refuses to start with a setting it cannot run with, and the reason names the
/// setting as it is configured. Settings are checked when the host starts, before the database or
/// the cluster is touched, so these frontends need neither (the database is unreachable).
/// </summary>
public sealed class FrontendSettingsTests
{
    [Theory]
    [InlineData("RateLimits:SignInsPerMinutePerAddress", "0", "RateLimits:SignInsPerMinutePerAddress must be at least 1 (was 0).")]
    [InlineData("RateLimits:RevealsPerMinutePerUser", "-5", "RateLimits:RevealsPerMinutePerUser must be at least 1 (was -5).")]
    [InlineData("RateLimits:ValidationsPerMinutePerUser", "0", "RateLimits:ValidationsPerMinutePerUser must be at least 1 (was 0).")]
    [InlineData("RateLimits:KeyUsesPerMinutePerUser", "plenty", "'RateLimits:KeyUsesPerMinutePerUser'")]
    [InlineData("Orleans:ServiceId", " ", "Orleans:ServiceId must be set.")]
    [InlineData("Providers:local:Auth", "Bearer", "Providers:local:BaseUrl is required for a provider that is not built in.")]
    [InlineData("Providers:openai:BaseUrl", "http://10.0.0.5:8000/v1", "Providers:openai:BaseUrl must use HTTPS: keys are never sent in clear text off this machine.")]
    [InlineData("Gateway:ActivityTimeout", "00:00:00", "Gateway:ActivityTimeout must be more than 0 and at most 02:00:00 (was 00:00:00).")]
    [InlineData("Orleans:GatewayPort", "65536", "Orleans:GatewayPort must be a TCP port (1-65535) or 0 for a free one (was 65536).")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.300", "ForwardedHeaders:KnownProxies:0 must be an IP address (was '10.0.0.300').")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation, such as 10.0.0.0/8 (was '10.0.0.0/33').")]
    [InlineData("DataProtection:Key", "shorter-than-32-characters", "DataProtection:Key must be at least 32 characters long.")]
    [InlineData("AccessTokens:SigningKey", "", "AccessTokens:SigningKey must be set to a secret of at least 32 characters")]
    public void TheFrontendRefusesToStartAndNamesTheSetting(string setting, string value, string reason)
    {
        var settings = new Dictionary<string, string?>(TestDeployment.Settings(TestDeployment.UnreachableConnectionString, "frontend-settings-tests"))
        {
            ["DataProtection:Key"] = "frontend-settings-tests-data-protection-secret",
            [setting] = value,
        };
        using var frontend = new FrontendFactory(settings, NullLoggerProvider.Instance, environment: "Production");

        var refused = Record.Exception(frontend.StartServer);

        Assert.NotNull(refused);
        Assert.Contains(reason, ReasonOf(refused));
    }

    [Fact]
    public void EveryRefusedRateLimitIsNamedAtOnce()
    {
        var settings = new Dictionary<string, string?>(TestDeployment.Settings(TestDeployment.UnreachableConnectionString, "frontend-settings-tests"))
        {
            ["RateLimits:SignInsPerMinutePerAddress"] = "0",
            ["RateLimits:KeyUsesPerMinutePerUser"] = "-1",
            ["RateLimits:ValidationsPerMinutePerUser"] = "0",
        };
        using var frontend = new FrontendFactory(settings, NullLoggerProvider.Instance);

        var reason = ReasonOf(Record.Exception(frontend.StartServer));

        Assert.Contains("RateLimits:SignInsPerMinutePerAddress must be at least 1 (was 0).", reason);
        Assert.Contains("RateLimits:KeyUsesPerMinutePerUser must be at least 1 (was -1).", reason);
        Assert.Contains("RateLimits:ValidationsPerMinutePerUser must be at least 1 (was 0).", reason);
    }

    /// <summary>The reason the service's Program logs, wherever the test host wrapped the exception.</summary>
    private static string ReasonOf(Exception? refused)
    {
        for (var exception = refused; exception is not null; exception = exception.InnerException)
        {
            if (ServiceDefaultsExtensions.CannotStartReason(exception) is { } reason)
            {
                return reason;
            }
        }

        throw new Xunit.Sdk.XunitException($"Not a refused setting: {refused}");
    }
}
