using System.Data.Common;
using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Usage;

/// <summary>
/// The gateway's usage, a row per user, app token, provider and UTC day in <c>usage_daily</c>:
/// every proxied request is committed within moments of its answer, many in one upsert
/// (<see cref="UsageBatcher"/>), so a crash loses only the uses not yet committed, and the
/// user's state row (their keys) is never rewritten for a request.
/// </summary>
public sealed partial class UsageLedger(NpgsqlDataSource database, UsageBatcher batcher, IOptions<ClusterOptions> cluster, ILogger<UsageLedger> logger)
{
    /// <summary>The most days one read answers, so a query cannot scan a user's whole history at once.</summary>
    public const int MaxDays = 400;

    private string ServiceId => cluster.Value.ServiceId;

    /// <summary>Starts counting a use without waiting for its commit; a failure is logged (<see cref="RunAsync{T}"/>).</summary>
    public void Record(string userName, GatewayUse use, DateTimeOffset at) => _ = RecordObservedAsync(userName, use, at);

    private async Task RecordObservedAsync(string userName, GatewayUse use, DateTimeOffset at)
    {
        try
        {
            await RecordAsync(userName, use, at).ConfigureAwait(false);
        }
        catch (KeyKeeperException)
        {
            // Logged where it failed.
        }
    }

    private async Task RecordAsync(string userName, GatewayUse use, DateTimeOffset at)
    {
        var (clientError, serverError) = use.Status switch
        {
            >= 400 and < 500 => (1, 0),
            >= 500 or < 100 => (0, 1),
            _ => (0, 0),
        };
        await RunAsync(async () =>
        {
            await batcher.AddAsync(new UsageRow(ServiceId, userName, use.AppTokenId, use.Provider, DateOnly.FromDateTime(at.UtcDateTime),
                1, use.InputTokens, use.OutputTokens, clientError, serverError, at.UtcDateTime));
            return true;
        });
    }

    /// <summary>Days from <paramref name="from"/> to <paramref name="to"/>, both included, newest first.</summary>
    public Task<IReadOnlyList<UsageDay>> ReadAsync(string userName, string? appTokenId, DateOnly from, DateOnly to) =>
        RunAsync<IReadOnlyList<UsageDay>>(async () =>
        {
            await using var command = database.CreateCommand("""
                SELECT day, app_token_id, provider, requests, input_tokens, output_tokens, errors_4xx, errors_5xx, last_used_at
                FROM usage_daily
                WHERE service_id = $1 AND user_name = $2 AND day BETWEEN $3 AND $4 AND ($5::text IS NULL OR app_token_id = $5)
                ORDER BY day DESC, app_token_id, provider
                """);
            command.Parameters.Add(new() { Value = ServiceId });
            command.Parameters.Add(new() { Value = userName });
            command.Parameters.Add(new() { Value = from });
            command.Parameters.Add(new() { Value = to });
            command.Parameters.Add(new() { Value = (object?)appTokenId ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync();
            var days = new List<UsageDay>();
            while (await reader.ReadAsync())
            {
                days.Add(new UsageDay(
                    reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetFieldValue<DateTimeOffset>(8)));
            }

            return days;
        });

    private async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (DbException e)
        {
            LogFailed(e);
            throw KeyKeeperException.Unavailable();
        }
    }

    [LoggerMessage(LogLevel.Error, "The usage ledger could not be read or written.")]
    private partial void LogFailed(Exception exception);
}
