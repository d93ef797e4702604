namespace KeyKeeper.AppHost.LocalPostgres;

/// <summary>A PostgreSQL server run from the machine's own binaries, listening on 127.0.0.1 only.</summary>
public sealed class LocalPostgresServerResource(
    string name,
    string command,
    string workingDirectory,
    ParameterResource password,
    LocalPostgresOptions options)
    : ExecutableResource(name, command, workingDirectory)
{
    internal const string PrimaryEndpointName = "tcp";

    public const string SuperUser = "postgres";

    private EndpointReference? _primaryEndpoint;

    /// <summary>The superuser password; <c>postgres-init</c> sets it on every start.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    public LocalPostgresOptions Options { get; } = options;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression GetConnectionString(string databaseName) =>
        GetConnectionString(databaseName, SuperUser, PasswordParameter);

    public ReferenceExpression GetConnectionString(string databaseName, string userName, ParameterResource password) =>
        ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={userName};Password={password};Database={databaseName}");
}
