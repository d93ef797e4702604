namespace KeyKeeper.AppHost.Postgres;

/// <summary>How the AppHost provides PostgreSQL (setting <c>Postgres:Mode</c>).</summary>
public enum PostgresMode
{
    /// <summary>A container when a container runtime answers, otherwise the machine's own PostgreSQL.</summary>
    Auto,

    /// <summary>The <c>postgres</c> container image, with a data volume.</summary>
    Container,

    /// <summary>The machine's own PostgreSQL binaries, with a data directory that survives restarts.</summary>
    Local,

    /// <summary>
    /// An existing PostgreSQL named by the secret connection string <c>ConnectionStrings:keysdb</c>
    /// (production); the AppHost starts no database of its own.
    /// </summary>
    External,
}
