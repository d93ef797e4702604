namespace KeyKeeper.Silo.Legacy;

/// <summary>Creates a user from the legacy export; in the silo assembly, so only the import can call it.</summary>
[Alias("keykeeper.IUserKeysImport")]
public interface IUserKeysImport : IGrainWithStringKey
{
    /// <summary>Creates the account with its 2FA and keys in one write; <see cref="ImportOutcome.AlreadyExists"/> leaves an existing account untouched.</summary>
    [Alias("ImportLegacyUser")]
    Task<ImportOutcome> ImportLegacyUserAsync(LegacyUserImport user);
}
