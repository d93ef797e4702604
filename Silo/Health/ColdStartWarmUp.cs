using System.Diagnostics;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Storage;
using KeyKeeper.Silo.Users;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace KeyKeeper.Silo.Health;

/// <summary>
/// Runs the path of a user's first request once before the silo joins the cluster: reading a row
/// through the grain storage, parsing it, opening its keys to mask them, and writing it back to
/// bytes (not to the database). Otherwise the first user after a restart would wait while that
/// code is compiled and the connection pool fills. Nothing of the row leaves this method. Once the
/// silo takes calls, it also activates one user grain of a name no account can have (it holds a
/// space), which is refused and leaves memory, so the grain's own activation path is ready too.
/// </summary>
public sealed partial class ColdStartWarmUp(
    NpgsqlDataSource database,
    [FromKeyedServices(UserKeysGrain.StorageName)] IGrainStorage storage,
    UserKeysStateSerializer serializer,
    UserDomainFactory domains,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    ILogger<ColdStartWarmUp> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const string NameNoAccountCanHave = "silo warm-up";

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(ColdStartWarmUp), ServiceLifecycleStage.BecomeActive - 1, WarmUpAsync);
        lifecycle.Subscribe(nameof(ColdStartWarmUp), ServiceLifecycleStage.Active, ActivateOneGrainAsync);
    }

    private async Task ActivateOneGrainAsync(CancellationToken cancellation)
    {
        try
        {
            await grains.GetUserKeysGrain(NameNoAccountCanHave).ListKeysAsync(new CallerCredentials(string.Empty, ClientAddress: null));
        }
        catch (KeyKeeperException)
        {
            // Refused, as every call without a session is.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(e);
        }
    }

    /// <summary>True when a user's row was there to warm up with; a failure is logged, never thrown.</summary>
    public async Task<bool> WarmUpAsync(CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (await AnyUserKeyAsync(cancellation) is not { } grainKey)
            {
                return false;
            }

            var userName = UserKeysGrainKey.UserNameOf(grainKey);
            var row = new GrainState<UserKeysState>(new UserKeysState());
            await storage.ReadStateAsync(UserKeysGrain.StateName, ((GrainReference)grains.GetUserKeysGrain(userName)).GrainId, row);
            var state = row.State ?? new UserKeysState();
            var user = domains.Create(userName);
            try
            {
                _ = user.Keys.Entries.List(state);
                _ = serializer.Serialize(state.Snapshot());
            }
            finally
            {
                user.Vault.Forget();
            }

            LogWarmedUp(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A warm-up that fails costs only the first request's speed; the silo serves as usual.
            LogWarmUpFailed(e);
            return false;
        }
    }

    private async Task<string?> AnyUserKeyAsync(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            "SELECT grain_id_string FROM grain_state WHERE service_id = $1 AND grain_type = $2 AND payload IS NOT NULL LIMIT 1");
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = UserKeysGrain.StateName });
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    [LoggerMessage(LogLevel.Information, "The first-request path was warmed up in {Milliseconds:0} ms.")]
    private partial void LogWarmedUp(double milliseconds);

    [LoggerMessage(LogLevel.Warning, "The first-request warm-up failed; the silo serves without it.")]
    private partial void LogWarmUpFailed(Exception exception);
}
