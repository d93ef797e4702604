namespace KeyKeeper.Silo.Legacy;

/// <summary>
/// Creates a user from the legacy app's export, whole or not at all. Lives in the silo assembly,
/// so only the import (never a client of the HTTP API) can call it.
/// </summary>
[Alias("keykeeper.IUserKeysImport")]
public interface IUserKeysImport : IGrainWithStringKey
{
    /// <summary>Creates the account with its 2FA and keys in one write; <see cref="ImportOutcome.AlreadyExists"/> leaves an existing account untouched.</summary>
    [Alias("ImportLegacyUser")]
    Task<ImportOutcome> ImportLegacyUserAsync(LegacyUserImport user);
}

/// <summary>
/// One legacy user, decrypted: the plain key values exist only in memory for the import and are
/// sealed with the user's new data key before anything is written.
/// </summary>
/// <param name="DisplayName">The username as the legacy file spelled it.</param>
/// <param name="Email">The email, if any.</param>
/// <param name="CreatedAt">When the legacy account was made.</param>
/// <param name="LegacyPasswordSha256">The legacy unsalted SHA-256 of the password (lowercase hex); replaced by a proper hash at the first login.</param>
/// <param name="TotpSecret">The base32 TOTP secret when the user had 2FA on.</param>
/// <param name="Keys">Provider → plain value.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.LegacyUserImport")]
public sealed record LegacyUserImport(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Email,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string LegacyPasswordSha256,
    [property: Id(4)] string? TotpSecret,
    [property: Id(5)] IReadOnlyDictionary<string, string> Keys);

[GenerateSerializer, Alias("keykeeper.ImportOutcome")]
public enum ImportOutcome
{
    Imported = 0,

    /// <summary>The account exists (signed up, or imported before): nothing was changed.</summary>
    AlreadyExists = 1,
}
