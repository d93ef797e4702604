namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// One user's account and API keys, keyed by <see cref="UserKeysGrainKey"/> (never by the bare username).
/// Every change is durable in PostgreSQL before the call returns. Calls on the user's keys carry
/// the caller's token secret and throw <see cref="SessionRejectedException"/> when it is not a live
/// session: checking it inside the call costs no extra hop and leaves no gap between check and use.
/// </summary>
[Alias("keykeeper.IUserKeysGrain")]
public interface IUserKeysGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; false when it already exists.</summary>
    [Alias("SignUp")]
    Task<bool> SignUpAsync(string password, string? email);

    /// <summary>Checks the password and issues a new bearer token; null when the account or password is wrong.</summary>
    [Alias("Login")]
    Task<IssuedToken?> LoginAsync(string password);

    /// <summary>Revokes the session of a token secret.</summary>
    [Alias("Logout")]
    Task LogoutAsync(string tokenSecret);

    /// <summary>The user's keys, masked, ordered by provider.</summary>
    [Alias("ListKeys")]
    Task<IReadOnlyList<KeyEntry>> ListKeysAsync(string tokenSecret);

    /// <summary>Encrypts and stores a key; saving the value already stored changes nothing.</summary>
    [Alias("SaveKey")]
    Task<KeyEntry> SaveKeyAsync(string tokenSecret, string provider, string value);

    /// <summary>Deletes a key; false when there was none.</summary>
    [Alias("DeleteKey")]
    Task<bool> DeleteKeyAsync(string tokenSecret, string provider);

    /// <summary>Decrypts one key for its owner.</summary>
    [Alias("RevealKey")]
    Task<RevealedKey> RevealKeyAsync(string tokenSecret, string provider);
}
