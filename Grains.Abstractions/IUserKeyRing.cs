namespace KeyKeeper.Grains.Abstractions;

/// <summary>The user's keys: versions, soft delete and restore, reveal and checks with the provider.</summary>
[Alias("keykeeper.IUserKeyRing")]
public interface IUserKeyRing : IGrainWithStringKey
{
    /// <summary>The live keys, masked, ordered by provider.</summary>
    [Alias("ListKeys")]
    Task<IReadOnlyList<KeyEntry>> ListKeysAsync(CallerCredentials caller);

    /// <summary>Everything the keys page shows, in one call.</summary>
    [Alias("GetKeyRing")]
    Task<KeyRingView> GetKeyRingAsync(CallerCredentials caller);

    [Alias("GetKey")]
    Task<KeyEntry> GetKeyAsync(CallerCredentials caller, string provider);

    /// <summary>Stores a value as the provider's new version; the value already current changes nothing.</summary>
    [Alias("SaveKey")]
    Task<KeyEntry> SaveKeyAsync(CallerCredentials caller, string provider, string value, VersionPrecondition? ifMatch);

    /// <summary>Soft-deletes a key (undeletable within the recovery window), or with <paramref name="purge"/> removes every version for good.</summary>
    [Alias("DeleteKey")]
    Task DeleteKeyAsync(CallerCredentials caller, string provider, VersionPrecondition? ifMatch, bool purge);

    [Alias("UndeleteKey")]
    Task<KeyEntry> UndeleteKeyAsync(CallerCredentials caller, string provider);

    /// <summary>The soft-deleted keys and when each will be purged.</summary>
    [Alias("ListDeletedKeys")]
    Task<IReadOnlyList<DeletedKey>> ListDeletedKeysAsync(CallerCredentials caller);

    /// <summary>The kept versions of a provider's key, newest first.</summary>
    [Alias("ListVersions")]
    Task<IReadOnlyList<KeyVersionInfo>> ListVersionsAsync(CallerCredentials caller, string provider);

    /// <summary>Saves a kept version's value again as a new version.</summary>
    [Alias("RestoreVersion")]
    Task<KeyEntry> RestoreVersionAsync(CallerCredentials caller, string provider, int version, VersionPrecondition? ifMatch);

    /// <summary>Decrypts one key for its owner, audited before the value is returned.</summary>
    [Alias("RevealKey")]
    Task<string> RevealKeyAsync(CallerCredentials caller, string provider);

    /// <summary>Checks the current value with its provider and records the verdict (audited, never the value).</summary>
    [Alias("ValidateKey")]
    Task<KeyValidation> ValidateKeyAsync(CallerCredentials caller, string provider);
}
