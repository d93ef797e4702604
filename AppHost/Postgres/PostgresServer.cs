namespace KeyKeeper.AppHost.Postgres;

/// <summary>The app's PostgreSQL server, whichever way it is hosted.</summary>
public sealed class PostgresServer(
    IResourceBuilder<IResource>? server,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase,
    Func<string, string, ServiceLogin> addServiceLogin)
{
    /// <summary>Null for an external server, which the AppHost does not run.</summary>
    public IResourceBuilder<IResource>? Server { get; } = server;

    public IResourceBuilder<IResourceWithConnectionString> AddDatabase([ResourceName] string name) => addDatabase(name);

    /// <summary>The login of <paramref name="service"/> (a <c>KeyKeeperDatabaseRoles</c> service) to <paramref name="databaseName"/>, as its own role.</summary>
    public ServiceLogin AddServiceLogin(string service, string databaseName) => addServiceLogin(service, databaseName);
}
