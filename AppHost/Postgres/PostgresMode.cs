namespace KeyKeeper.AppHost.Postgres;

/// <summary>How the AppHost provides PostgreSQL (setting <c>Postgres:Mode</c>).</summary>
public enum PostgresMode
{
    Auto,
    Container,
    Local,
    External,
}
