namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// The PostgreSQL roles the services log in as, one per service, each allowed only what that
/// service needs (granted by the migrator). Named after the database, so that two deployments
/// on one server never share a role, nor each other's passwords.
/// </summary>
public static class KeyKeeperDatabaseRoles
{
    public const string Silo = "silo";

    public const string Frontend = "frontend";

    /// <summary>The role <paramref name="service"/> (<see cref="Silo"/> or <see cref="Frontend"/>) logs in as on <paramref name="database"/>.</summary>
    public static string For(string database, string service) => $"{database}_{service}";
}
