using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Accounts;

/// <summary>
/// The failure counts of names that have no account: a row per hashed name in
/// <c>unknown_name_throttle</c>, so a failed login for an unknown name costs one durable write as
/// one for a real account does, and locks out alike, without a user row or a resident grain.
/// </summary>
public sealed partial class UnknownNameThrottles(NpgsqlDataSource database, IOptions<ClusterOptions> cluster, ILogger<UnknownNameThrottles> logger)
{
    private string ServiceId => cluster.Value.ServiceId;

    public async Task<LoginThrottle?> ReadAsync(string userName)
    {
        try
        {
            await using var command = database.CreateCommand(
                "SELECT failures, last_failure_at FROM unknown_name_throttle WHERE service_id = $1 AND name_hash = $2");
            command.Parameters.Add(new() { Value = ServiceId });
            command.Parameters.Add(new() { Value = HashOf(userName) });
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? new LoginThrottle(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
        }
        catch (DbException e)
        {
            LogFailed(e);
            throw KeyKeeperException.Unavailable();
        }
    }

    public async Task WriteAsync(string userName, LoginThrottle throttle)
    {
        try
        {
            await using var command = database.CreateCommand("""
                INSERT INTO unknown_name_throttle (service_id, name_hash, failures, last_failure_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (service_id, name_hash) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at
                """);
            command.Parameters.Add(new() { Value = ServiceId });
            command.Parameters.Add(new() { Value = HashOf(userName) });
            command.Parameters.Add(new() { Value = throttle.Failures });
            command.Parameters.Add(new() { Value = throttle.LastFailureAt.UtcDateTime });
            await command.ExecuteNonQueryAsync();
        }
        catch (DbException e)
        {
            LogFailed(e);
            throw KeyKeeperException.Unavailable();
        }
    }

    /// <summary>Deletes the counts whose last failure is older than <paramref name="cutoff"/>.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM unknown_name_throttle WHERE service_id = $1 AND last_failure_at < $2");
        command.Parameters.Add(new() { Value = ServiceId });
        command.Parameters.Add(new() { Value = cutoff.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Names that were tried are not kept readable; the service id keys them per deployment.
    private static byte[] HashOf(string userName) => SHA256.HashData(Encoding.UTF8.GetBytes(userName));

    [LoggerMessage(LogLevel.Error, "The failed-login count of a name without an account could not be read or written.")]
    private partial void LogFailed(Exception exception);
}
