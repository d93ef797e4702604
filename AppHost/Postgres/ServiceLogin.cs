namespace KeyKeeper.AppHost.Postgres;

/// <summary>
/// A service's own login to the database: the connection string it is given, and the password
/// the migrator sets for its role — null for an external server, whose operator sets it.
/// </summary>
public sealed record ServiceLogin(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<ParameterResource>? Password);
