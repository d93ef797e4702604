using KeyKeeper.Silo.Storage;
using Npgsql;

namespace KeyKeeper.Silo.Usage;

/// <summary>
/// Group commit (<see cref="GroupCommit{TRow}"/>) for the usage ledger: the uses of one batch are
/// summed per row, as an upsert may not touch the same row twice.
/// </summary>
public sealed class UsageBatcher(NpgsqlDataSource database) : GroupCommit<UsageRow>
{
    protected override async Task WriteBatchAsync(IReadOnlyList<UsageRow> batch)
    {
        var rows = batch.GroupBy(row => (row.ServiceId, row.UserName, row.AppTokenId, row.Provider, row.Day))
            .Select(group => group.Aggregate((sum, row) => sum with
            {
                Requests = sum.Requests + row.Requests,
                InputTokens = sum.InputTokens + row.InputTokens,
                OutputTokens = sum.OutputTokens + row.OutputTokens,
                ClientErrors = sum.ClientErrors + row.ClientErrors,
                ServerErrors = sum.ServerErrors + row.ServerErrors,
                LastUsedAt = row.LastUsedAt > sum.LastUsedAt ? row.LastUsedAt : sum.LastUsedAt,
            }))
            .ToList();
        await using var command = database.CreateCommand("""
            INSERT INTO usage_daily (service_id, user_name, app_token_id, provider, day, requests, input_tokens, output_tokens, errors_4xx, errors_5xx, last_used_at)
            SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::date[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::timestamptz[])
            ON CONFLICT (service_id, user_name, day, app_token_id, provider) DO UPDATE SET
                requests = usage_daily.requests + excluded.requests,
                input_tokens = usage_daily.input_tokens + excluded.input_tokens,
                output_tokens = usage_daily.output_tokens + excluded.output_tokens,
                errors_4xx = usage_daily.errors_4xx + excluded.errors_4xx,
                errors_5xx = usage_daily.errors_5xx + excluded.errors_5xx,
                last_used_at = greatest(usage_daily.last_used_at, excluded.last_used_at)
            """);
        command.Parameters.Add(new() { Value = rows.Select(row => row.ServiceId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.UserName).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.AppTokenId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Provider).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Day).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.Requests).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.InputTokens).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.OutputTokens).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.ClientErrors).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.ServerErrors).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(row => row.LastUsedAt).ToArray() });
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>What one or more uses add to a row of <c>usage_daily</c>.</summary>
public sealed record UsageRow(
    string ServiceId, string UserName, string AppTokenId, string Provider, DateOnly Day,
    long Requests, long InputTokens, long OutputTokens, long ClientErrors, long ServerErrors, DateTime LastUsedAt);
