namespace KeyKeeper.Silo.Maintenance;

/// <summary>What the service runs on a user's grain by itself; in the silo assembly, so the frontend cannot even name it.</summary>
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
