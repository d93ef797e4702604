using System.Threading.Channels;
using Npgsql;

namespace KeyKeeper.Silo.Usage;

/// <summary>
/// Group commit for the usage ledger: the uses that arrive while one upsert runs are summed per
/// row and written together by the next, in one statement and one transaction. Every caller waits
/// for the commit that holds its use, so nothing a caller was told is counted can be lost; under
/// load a request costs a fraction of a statement instead of one each.
/// </summary>
public sealed class UsageBatcher : IAsyncDisposable
{
    /// <summary>Uses written by one statement at most.</summary>
    public const int MaxBatch = 512;

    private readonly NpgsqlDataSource _database;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public UsageBatcher(NpgsqlDataSource database)
    {
        _database = database;
        _writer = Task.Run(WriteAsync);
    }

    public Task AddAsync(UsageRow row)
    {
        var pending = new Pending(row, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Committed.Task : Task.FromException(new ObjectDisposedException(nameof(UsageBatcher)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await UpsertAsync(batch);
                batch.ForEach(pending => pending.Committed.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(pending => pending.Committed.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private async Task UpsertAsync(List<Pending> batch)
    {
        // One row per key: an upsert may not touch the same row twice.
        var rows = batch.GroupBy(pending => (pending.Row.ServiceId, pending.Row.UserName, pending.Row.AppTokenId, pending.Row.Provider, pending.Row.Day))
            .Select(group => group.Select(pending => pending.Row).Aggregate((sum, row) => sum with
            {
                Requests = sum.Requests + row.Requests,
                InputTokens = sum.InputTokens + row.InputTokens,
                OutputTokens = sum.OutputTokens + row.OutputTokens,
                ClientErrors = sum.ClientErrors + row.ClientErrors,
                ServerErrors = sum.ServerErrors + row.ServerErrors,
                LastUsedAt = row.LastUsedAt > sum.LastUsedAt ? row.LastUsedAt : sum.LastUsedAt,
            }))
            .ToList();
        await using var command = _database.CreateCommand("""
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

    private sealed record Pending(UsageRow Row, TaskCompletionSource Committed);
}

/// <summary>What one or more uses add to a row of <c>usage_daily</c>.</summary>
public sealed record UsageRow(
    string ServiceId, string UserName, string AppTokenId, string Provider, DateOnly Day,
    long Requests, long InputTokens, long OutputTokens, long ClientErrors, long ServerErrors, DateTime LastUsedAt);
