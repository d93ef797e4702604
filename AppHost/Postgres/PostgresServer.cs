namespace KeyKeeper.AppHost.Postgres;

/// <summary>The app's PostgreSQL server, whichever way it is hosted.</summary>
public sealed class PostgresServer(
    IResourceBuilder<IResource>? server,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    /// <summary>Null for an external server, which the AppHost does not run.</summary>
    public IResourceBuilder<IResource>? Server { get; } = server;

    public IResourceBuilder<IResourceWithConnectionString> AddDatabase([ResourceName] string name) => addDatabase(name);
}
