using System.Net;

namespace KeyKeeper.ServiceDefaults;

/// <summary>The database and Orleans cluster every process shares; only a run that must differ (a test, a benchmark) sets the ids.</summary>
public sealed class KeyKeeperCluster
{
    public const string SectionName = "Orleans";

    public const string DatabaseName = "keysdb";

    public const string Invariant = "Npgsql";

    public const string DefaultId = "keykeeper";

    public static readonly IReadOnlyDictionary<string, string?> DefaultSettings = new Dictionary<string, string?>
    {
        [$"{SectionName}:{nameof(ClusterId)}"] = DefaultId,
        [$"{SectionName}:{nameof(ServiceId)}"] = DefaultId,
    };

    public string ClusterId { get; set; } = DefaultId;

    /// <summary>Part of the key of every stored row: processes with the same ServiceId share the users.</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>Loopback unless told otherwise, so a local run stays off the network.</summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>0 (the default) takes a free port, so replicas started alike each get their own.</summary>
    public int SiloPort { get; set; }

    public int GatewayPort { get; set; }

    /// <summary>Read here for the rule that binds it to the address; <see cref="ClusterTlsSettings"/> checks the certificate.</summary>
    public ClusterTlsSettings Tls { get; set; } = new();

    public sealed class Validator() : SettingsValidator<KeyKeeperCluster>(SectionName)
    {
        protected override void Check(KeyKeeperCluster options, SettingChecks checks)
        {
            checks.NotBlank(options.ClusterId);
            checks.NotBlank(options.ServiceId);
            checks.IPAddress(options.AdvertisedIPAddress);
            // Off loopback, anyone who reaches a silo or gateway port could otherwise call any grain.
            if (!options.Tls.Enabled && IPAddress.TryParse(options.AdvertisedIPAddress, out var address) && !IPAddress.IsLoopback(address))
            {
                checks.Refuse($"{checks.Setting(nameof(AdvertisedIPAddress))} is {address}, not a loopback address, and {ClusterTlsSettings.SectionName}:{nameof(ClusterTlsSettings.Enabled)} is false: " +
                    $"a silo reachable from the network must use TLS. Set {ClusterTlsSettings.SectionName}:{nameof(ClusterTlsSettings.CertificatePath)} to the cluster certificate and leave TLS on.");
            }

            checks.PortOrZero(options.SiloPort);
            checks.PortOrZero(options.GatewayPort);
            if (options.SiloPort != 0 && options.SiloPort == options.GatewayPort)
            {
                checks.Refuse($"{checks.Setting(nameof(GatewayPort))} must differ from {checks.Setting(nameof(SiloPort))} (both were {options.SiloPort}).");
            }
        }
    }
}
