namespace KeyKeeper.AppHost.Postgres;

/// <summary>
/// The PostgreSQL server of the app, whichever way it is hosted: dependents wait for it with
/// <see cref="PostgresServerBuilderExtensions.WaitFor{T}(IResourceBuilder{T}, PostgresServer)"/>
/// and reference the databases made by <see cref="AddDatabase"/>.
/// </summary>
public sealed class PostgresServer(
    IResourceBuilder<IResource>? server,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    /// <summary>The server resource, healthy once it accepts connections; null for an external server, which the AppHost does not run.</summary>
    public IResourceBuilder<IResource>? Server { get; } = server;

    /// <summary>Adds a database of this server; its connection string names the database.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase([ResourceName] string name) => addDatabase(name);
}
