using KeyKeeper.Grains.Abstractions;
using Orleans.Storage;

namespace KeyKeeper.Silo.Users;

/// <summary>
/// On any failure the state is put back, so nothing unsaved is ever shown as saved. A version conflict
/// reloads the row and runs the change again, so its preconditions are checked against what is really stored.
/// </summary>
public sealed partial class UserStateWriter(IPersistentState<UserKeysState> state, Action stateReplaced, ILogger logger)
{
    private const int Attempts = 3;

    public async Task<T> ChangeAsync<T>(Func<UserKeysState, Change<T>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = state.State.Snapshot();
            Change<T> outcome;
            try
            {
                outcome = change(state.State);
            }
            catch
            {
                Restore(before);
                throw;
            }

            if (!outcome.IsWrite)
            {
                // Nothing changed, so what was read from the state (masks, entries) is still true.
                state.State = before;
                return outcome.Result;
            }

            state.State.PendingAudit = outcome.Events!;
            try
            {
                await state.WriteStateAsync();
                state.State.PendingAudit = [];
                stateReplaced();
                return outcome.Result;
            }
            catch (Exception e) when (RefusedBySerializer(e) is { } refusal)
            {
                // The row refused (too large): the user's answer, not an outage.
                Restore(before);
                throw refusal;
            }
            catch (Exception e)
            {
                Restore(before);
                var retry = attempt < Attempts && (e is InconsistentStateException ? await TryReloadAsync() : IsTransient(e));
                if (!retry)
                {
                    LogWriteFailed(e);
                    throw KeyKeeperException.Unavailable("The change could not be saved because the key store is unavailable. Nothing was changed; please try again.");
                }
            }
        }
    }

    private void Restore(UserKeysState before)
    {
        state.State = before;
        stateReplaced();
    }

    private async Task<bool> TryReloadAsync()
    {
        var before = state.State;
        try
        {
            await state.ReadStateAsync();
            stateReplaced();
            return true;
        }
        catch (Exception e)
        {
            state.State = before;
            LogReloadFailed(e);
            return false;
        }
    }

    // Orleans wraps what the storage's serializer throws.
    private static KeyKeeperException? RefusedBySerializer(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is KeyKeeperException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    // A dropped pooled connection (after a database restart) is worth one more try: the write is a
    // compare-and-swap, so it cannot apply twice.
    private static bool IsTransient(Exception e) => e is System.Data.Common.DbException { IsTransient: true };

    [LoggerMessage(LogLevel.Error, "Saving a user's state failed; the change was undone.")]
    private partial void LogWriteFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "Re-reading a user's state after a version conflict failed.")]
    private partial void LogReloadFailed(Exception exception);
}
