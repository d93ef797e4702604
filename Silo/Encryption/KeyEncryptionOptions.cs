namespace KeyKeeper.Silo.Encryption;

/// <summary>
/// The key-encryption keys (KEKs), by id. Reads accept any configured key; new values are
/// encrypted with the active one, so keys can be rotated by adding one and switching.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string SectionName = "KeyEncryption";

    /// <summary>Shortest accepted key secret; the AES key is derived from it with HKDF-SHA256.</summary>
    public const int MinSecretLength = 32;

    /// <summary>The id of the key that encrypts new values; one of <see cref="Keys"/>.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>Key id → secret (at least 32 characters, high entropy; never committed).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];
}
