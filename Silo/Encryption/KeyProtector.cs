using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Encryption;

/// <summary>
/// Envelope encryption with AES-256-GCM. Each user has a random data key; API key values are
/// sealed with it, and it is wrapped by a key-encryption key (KEK). Rotating a KEK re-wraps one
/// small data key per user instead of every value. Associated data binds a value to its user and
/// provider and a data key to its user, so ciphertext moved elsewhere fails to decrypt instead of
/// being read as someone else's.
/// </summary>
public sealed class KeyProtector
{
    public const int DataKeySize = 32;
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

    /// <summary>The id of the key that wraps new data keys.</summary>
    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> ConfiguredKeyIds => _keys.Keys;

    public bool IsConfigured(string keyId) => _keys.ContainsKey(keyId);

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(DataKeySize);

    /// <summary>Wraps a user's data key under the active KEK.</summary>
    public ProtectedValue WrapDataKey(ReadOnlySpan<byte> dataKey, string userName) =>
        new(ActiveKeyId, SealBytes(_keys[ActiveKeyId], dataKey, DataKeyContext(userName)));

    /// <summary>Unwraps a user's data key with whichever configured KEK wrapped it.</summary>
    public bool TryUnwrapDataKey(ProtectedValue wrapped, string userName, [NotNullWhen(true)] out byte[]? dataKey)
    {
        dataKey = null;
        return _keys.TryGetValue(wrapped.KeyId, out var key)
            && TryOpenBytes(key, wrapped.Ciphertext, DataKeyContext(userName), out dataKey)
            && dataKey.Length == DataKeySize;
    }

    /// <summary>Seals a value with a user's data key; the result is nonce | tag | ciphertext.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> dataKey, string plaintext, string userName, string provider)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return SealBytes(dataKey, plain, ValueContext(userName, provider));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Opens a value sealed with a user's data key; false when it was tampered with or moved.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> dataKey, byte[] sealedValue, string userName, string provider, out string plaintext)
    {
        plaintext = string.Empty;
        if (!TryOpenBytes(dataKey, sealedValue, ValueContext(userName, provider), out var plain))
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return true;
    }

    /// <summary>Encrypts directly under the active KEK (the canary; values saved before data keys existed).</summary>
    public ProtectedValue Protect(string plaintext, string userName, string provider)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return new ProtectedValue(ActiveKeyId, SealBytes(_keys[ActiveKeyId], plain, LegacyValueContext(userName, provider)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts a value encrypted directly under a KEK; false when its key is not configured or it was tampered with or moved.</summary>
    public bool TryUnprotect(ProtectedValue value, string userName, string provider, out string plaintext)
    {
        plaintext = string.Empty;
        if (!_keys.TryGetValue(value.KeyId, out var key) || !TryOpenBytes(key, value.Ciphertext, LegacyValueContext(userName, provider), out var plain))
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return true;
    }

    private static byte[] SealBytes(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plain, byte[] associatedData)
    {
        var sealedValue = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), associatedData);
        return sealedValue;
    }

    private static bool TryOpenBytes(ReadOnlySpan<byte> key, byte[] sealedValue, byte[] associatedData, [NotNullWhen(true)] out byte[]? plain)
    {
        plain = null;
        if (sealedValue.Length < NonceSize + TagSize)
        {
            return false;
        }

        var span = sealedValue.AsSpan();
        var opened = new byte[span.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(span[..NonceSize], span[(NonceSize + TagSize)..], span.Slice(NonceSize, TagSize), opened, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plain = opened;
        return true;
    }

    // Neither usernames nor provider names can contain a line feed, so the encodings are unambiguous.
    private static byte[] ValueContext(string userName, string provider) =>
        Encoding.UTF8.GetBytes($"keykeeper/api-key/v2\n{userName}\n{provider}");

    private static byte[] LegacyValueContext(string userName, string provider) =>
        Encoding.UTF8.GetBytes($"keykeeper/api-key/v1\n{userName}\n{provider}");

    private static byte[] DataKeyContext(string userName) =>
        Encoding.UTF8.GetBytes($"keykeeper/data-key/v1\n{userName}");
}
