namespace KeyKeeper.Silo.Maintenance;

/// <summary>
/// Operations the service runs on a user's grain by itself (never on a user's request): purging
/// deleted keys past their recovery window, re-wrapping the data key under the active
/// key-encryption key, and the periodic check of keys with their providers. It lives in the silo assembly, so the frontend cannot even name it.
/// </summary>
[Alias("keykeeper.IUserKeysMaintenance")]
public interface IUserKeysMaintenance : IGrainWithStringKey
{
    /// <summary>Purges deleted keys whose recovery window has passed; returns how many.</summary>
    [Alias("PurgeExpired")]
    Task<int> PurgeExpiredAsync();

    /// <summary>Re-wraps the user's data key under the active key-encryption key.</summary>
    [Alias("Rewrap")]
    Task<RewrapOutcome> RewrapAsync();

    /// <summary>Checks with their providers the live keys not checked since <paramref name="checkedBefore"/>; returns how many.</summary>
    [Alias("ValidateDueKeys")]
    Task<int> ValidateDueKeysAsync(DateTimeOffset checkedBefore);
}

[GenerateSerializer, Alias("keykeeper.RewrapOutcome")]
public enum RewrapOutcome
{
    /// <summary>Already wrapped by the active key (or nothing to wrap).</summary>
    AlreadyCurrent = 0,

    /// <summary>Now wrapped by the active key.</summary>
    Rewrapped = 1,

    /// <summary>The data key (or a value stored before data keys) does not decrypt with any configured key.</summary>
    Unreadable = 2,
}
