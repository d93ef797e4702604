namespace KeyKeeper.Testing;

/// <summary>
/// What every test run gives KeyKeeper's processes so that it is a deployment of its own: the
/// database by its connection name, and a cluster (ClusterId) and rows (ServiceId) of its own.
/// </summary>
public static class TestDeployment
{
    /// <summary>The database's connection name, as the AppHost and the services spell it.</summary>
    public const string Database = "keysdb";

    /// <summary>The setting that hands the services the database.</summary>
    public const string ConnectionStringSetting = $"ConnectionStrings:{Database}";

    public const string ClusterIdSetting = "Orleans:ClusterId";

    public const string ServiceIdSetting = "Orleans:ServiceId";

    public const string AccessTokenSigningKeySetting = "AccessTokens:SigningKey";

    /// <summary>The silos' and frontends' shared secret for bearer tokens (test-only, like every secret here).</summary>
    public const string AccessTokenSigningKey = "test-access-token-signing-key-0123456789abcdef";

    /// <summary>
    /// A database that never answers (port 1), for hosts that must refuse their settings before
    /// they touch it.
    /// </summary>
    public const string UnreachableConnectionString = $"Host=127.0.0.1;Port=1;Database={Database};Username=nobody;Timeout=1";

    /// <summary>The database on <paramref name="postgres"/>, and <paramref name="id"/> as both ClusterId and ServiceId.</summary>
    public static Dictionary<string, string?> Settings(PostgresServer postgres, string id) => Settings(postgres.ConnectionString(Database), id);

    /// <summary>
    /// The database at <paramref name="connectionString"/>, <paramref name="id"/> as both ClusterId
    /// and ServiceId, and the test process's cluster certificate (TLS is on, as deployed).
    /// </summary>
    public static Dictionary<string, string?> Settings(string connectionString, string id) => new(TestClusterCertificate.Settings)
    {
        [ConnectionStringSetting] = connectionString,
        [ClusterIdSetting] = id,
        [ServiceIdSetting] = id,
        [AccessTokenSigningKeySetting] = AccessTokenSigningKey,
    };
}
