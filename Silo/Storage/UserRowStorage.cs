using KeyKeeper.Grains.Abstractions;
using Orleans.Storage;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// The user rows' storage: ADO.NET underneath. A read that fails (the database is down while a
/// grain activates) is answered as the key store being unavailable, so no database type ever
/// reaches a caller; writes pass through, because <see cref="Users.UserStateWriter"/> tells a
/// version conflict and a dropped connection apart.
/// </summary>
public sealed partial class UserRowStorage(IGrainStorage rows, ILogger<UserRowStorage> logger) : IGrainStorage
{
    /// <summary>The name the ADO.NET provider itself is registered under.</summary>
    public const string InnerName = "keys-store-adonet";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await rows.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception e) when (e is not KeyKeeperException)
        {
            LogReadFailed(e, grainId.ToString());
            throw KeyKeeperException.Unavailable();
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        rows.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        rows.ClearStateAsync(stateName, grainId, grainState);

    [LoggerMessage(LogLevel.Error, "Reading the state of {GrainId} failed.")]
    private partial void LogReadFailed(Exception exception, string grainId);
}
