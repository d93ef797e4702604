using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Storage;

/// <summary>Reads only: the database writes events in the same statement as the state (migration 0008), or <see cref="AuditAppender"/> those of reads.</summary>
public sealed class AuditTrail(NpgsqlDataSource database, IOptions<ClusterOptions> cluster)
{
    private const string Query = """
        SELECT id, provider, action, key_version, occurred_at, session_id, client_address, app_token_id
        FROM audit_event
        WHERE service_id = $1 AND user_name = $2
          AND ($3::text IS NULL OR provider = $3)
          AND ($4::timestamptz IS NULL OR occurred_at >= $4)
          AND ($5::timestamptz IS NULL OR occurred_at < $5)
          AND ($6::bigint IS NULL OR id < $6)
        ORDER BY id DESC
        LIMIT $7
        """;

    public async Task<AuditPage> QueryAsync(string userName, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        await using var command = database.CreateCommand(Query);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = userName });
        command.Parameters.Add(new() { Value = (object?)query.Provider ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.Before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        // One more than asked tells whether another page follows.
        command.Parameters.Add(new() { Value = limit + 1 });

        var items = new List<AuditEntry>(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        if (items.Count <= limit)
        {
            return new AuditPage(items, NextBefore: null);
        }

        items.RemoveAt(limit);
        return new AuditPage(items, NextBefore: items[^1].Id);
    }
}
