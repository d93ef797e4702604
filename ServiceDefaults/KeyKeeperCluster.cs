namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// The database and the Orleans cluster every KeyKeeper process shares (section <c>Orleans</c>).
/// The defaults are one deployment, <see cref="DefaultId"/>: a run that must differ (a test, a
/// benchmark) sets <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c>, and nothing else does.
/// </summary>
public sealed class KeyKeeperCluster
{
    public const string SectionName = "Orleans";

    /// <summary>The connection name of the database (<c>ConnectionStrings:&lt;name&gt;</c>; the AppHost's database resource).</summary>
    public const string DatabaseName = "keysdb";

    /// <summary>The ADO.NET invariant Orleans' clustering and storage load the Npgsql provider by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The ClusterId and ServiceId of a deployment that sets neither.</summary>
    public const string DefaultId = "keykeeper";

    /// <summary>The settings <see cref="DefaultId"/> stands in for, as Orleans and the commands read them.</summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultSettings = new Dictionary<string, string?>
    {
        [$"{SectionName}:{nameof(ClusterId)}"] = DefaultId,
        [$"{SectionName}:{nameof(ServiceId)}"] = DefaultId,
    };

    /// <summary>Which membership rows are this cluster's: silos and clients with the same ClusterId find each other.</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>Part of the key of every stored row: processes with the same ServiceId share the users.</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>The address a silo listens on and gives the others; loopback unless told otherwise, so a local run stays off the network.</summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port; 0 (the default) takes a free one, so replicas started alike each get their own.</summary>
    public int SiloPort { get; set; }

    /// <summary>The port clients connect to; 0 (the default) takes a free one.</summary>
    public int GatewayPort { get; set; }

    public sealed class Validator() : SettingsValidator<KeyKeeperCluster>(SectionName)
    {
        protected override void Check(KeyKeeperCluster options, SettingChecks checks)
        {
            checks.NotBlank(options.ClusterId);
            checks.NotBlank(options.ServiceId);
            checks.IPAddress(options.AdvertisedIPAddress);
            checks.PortOrZero(options.SiloPort);
            checks.PortOrZero(options.GatewayPort);
            if (options.SiloPort != 0 && options.SiloPort == options.GatewayPort)
            {
                checks.Refuse($"{checks.Setting(nameof(GatewayPort))} must differ from {checks.Setting(nameof(SiloPort))} (both were {options.SiloPort}).");
            }
        }
    }
}
