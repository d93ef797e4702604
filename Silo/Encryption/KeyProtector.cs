using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Encryption;

/// <summary>
/// Encrypts API key values with AES-256-GCM under a key-encryption key. The ciphertext is bound to
/// its user and provider (associated data), so a value copied to another user or provider fails
/// to decrypt instead of being read as theirs.
/// </summary>
public sealed class KeyProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] DerivationInfo = "keykeeper/key-encryption-key/v1"u8.ToArray();

    private readonly FrozenDictionary<string, byte[]> _keys;

    public KeyProtector(IOptions<KeyEncryptionOptions> options)
    {
        var value = options.Value;
        ActiveKeyId = value.ActiveKeyId;
        _keys = value.Keys.ToFrozenDictionary(
            pair => pair.Key,
            pair => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(pair.Value), 32, info: DerivationInfo));
    }

    /// <summary>The id of the key that encrypts new values.</summary>
    public string ActiveKeyId { get; }

    public bool IsConfigured(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>Encrypts under the active key; the result is nonce | tag | ciphertext.</summary>
    public ProtectedValue Protect(string plaintext, string userName, string provider)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[ActiveKeyId], TagSize))
        {
            aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), AssociatedData(userName, provider));
        }

        CryptographicOperations.ZeroMemory(plain);
        return new ProtectedValue(ActiveKeyId, sealedValue);
    }

    /// <summary>Decrypts a value; false when its key is not configured or it was tampered with or moved.</summary>
    public bool TryUnprotect(ProtectedValue value, string userName, string provider, out string plaintext)
    {
        plaintext = string.Empty;
        if (!_keys.TryGetValue(value.KeyId, out var key) || value.Ciphertext.Length < NonceSize + TagSize)
        {
            return false;
        }

        var sealedValue = value.Ciphertext.AsSpan();
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedValue[..NonceSize], sealedValue[(NonceSize + TagSize)..], sealedValue.Slice(NonceSize, TagSize), plain, AssociatedData(userName, provider));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return true;
    }

    // Neither usernames nor provider names can contain a line feed, so the encoding is unambiguous.
    private static byte[] AssociatedData(string userName, string provider) =>
        Encoding.UTF8.GetBytes($"keykeeper/api-key/v1\n{userName}\n{provider}");
}
