using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// Audit events that change nothing in the user's state (an app reading a key's value) go straight
/// into <c>audit_event</c> by group commit, rather than rewriting the user's whole row to carry
/// them to the trigger. The caller still waits for the commit, so every read is on record before
/// the value is handed out.
/// </summary>
public sealed class AuditAppender(NpgsqlDataSource database, IOptions<ClusterOptions> cluster) : GroupCommit<AuditAppender.Row>
{
    public Task AppendAsync(string userName, AuditEvent audit) => AddAsync(new Row(userName, audit));

    protected override async Task WriteBatchAsync(IReadOnlyList<Row> rows)
    {
        // The columns and meanings of the trigger's insert (migration 0008).
        await using var command = database.CreateCommand("""
            INSERT INTO audit_event (record_id, service_id, user_name, provider, action, key_version, occurred_at, session_id, client_address, app_token_id)
            SELECT id, $1, user_name, provider, action, key_version, occurred_at, session_id, client_address, app_token_id
            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::timestamptz[], $8::text[], $9::text[], $10::text[])
                AS e (id, user_name, provider, action, key_version, occurred_at, session_id, client_address, app_token_id)
            """);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.Id).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.UserName).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.Provider).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.Action).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.Version).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.At.UtcDateTime).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.SessionId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.ClientAddress).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Audit.AppTokenId).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    public sealed record Row(string UserName, AuditEvent Audit);
}
