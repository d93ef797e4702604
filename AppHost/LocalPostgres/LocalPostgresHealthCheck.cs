using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace KeyKeeper.AppHost.LocalPostgres;

public sealed class LocalPostgresHealthCheck(LocalPostgresServerResource server) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = server.Options.Port,
            Username = LocalPostgresServerResource.SuperUser,
            Password = await server.PasswordParameter.GetValueAsync(cancellationToken),
            Database = "postgres",
            Timeout = 5,
            // A pooled idle connection would hold up the server's shutdown.
            Pooling = false,
        };

        try
        {
            await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
