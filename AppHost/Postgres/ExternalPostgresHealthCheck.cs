using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace KeyKeeper.AppHost.Postgres;

public sealed class ExternalPostgresHealthCheck(IResourceWithConnectionString database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(await database.GetConnectionStringAsync(cancellationToken))
            {
                Timeout = 5,
                // A pooled idle connection would hold a server slot for as long as the AppHost runs.
                Pooling = false,
            };
            await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return HealthCheckResult.Healthy("The database does not exist yet; the migrator creates it.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException or ArgumentException)
        {
            // ArgumentException: a malformed connection string; the message names the bad keyword, never the password.
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
