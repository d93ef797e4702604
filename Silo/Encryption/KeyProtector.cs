using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using KeyKeeper.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Encryption;

/// <summary>
/// Envelope encryption. Each user has a random data key; values are sealed with it, and it is
/// wrapped by a key-encryption key (KEK), so rotating a KEK re-wraps one small key per user.
/// Associated data binds a value to its user and provider and a data key to its user: ciphertext
/// moved elsewhere fails to open instead of being read as someone else's.
/// </summary>
public sealed class KeyProtector
{
    private static readonly byte[] DerivationInfo = "keykeeper/key-encryption-key/v1"u8.ToArray();

    // The canary has been sealed under this context since the first release: keep its bytes.
    private static readonly byte[] CanaryContext = "keykeeper/api-key/v1\nkeykeeper\ncanary"u8.ToArray();

    private readonly FrozenDictionary<string, byte[]> _keys;

    public KeyProtector(IOptions<KeyEncryptionOptions> options)
    {
        var value = options.Value;
        ActiveKeyId = value.ActiveKeyId;
        _keys = value.Keys.ToFrozenDictionary(
            pair => pair.Key,
            pair => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(pair.Value), AesGcmSealing.KeySize, info: DerivationInfo));
    }

    /// <summary>The id of the key that wraps new data keys.</summary>
    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> ConfiguredKeyIds => _keys.Keys;

    public bool IsConfigured(string keyId) => _keys.ContainsKey(keyId);

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(AesGcmSealing.KeySize);

    /// <summary>Wraps a user's data key under the active KEK.</summary>
    public ProtectedValue WrapDataKey(ReadOnlySpan<byte> dataKey, string userName) =>
        new(ActiveKeyId, AesGcmSealing.Seal(_keys[ActiveKeyId], dataKey, DataKeyContext(userName)));

    /// <summary>Unwraps a user's data key with whichever configured KEK wrapped it.</summary>
    public bool TryUnwrapDataKey(ProtectedValue wrapped, string userName, [NotNullWhen(true)] out byte[]? dataKey)
    {
        dataKey = null;
        return _keys.TryGetValue(wrapped.KeyId, out var key)
            && AesGcmSealing.TryOpen(key, wrapped.Ciphertext, DataKeyContext(userName), out dataKey)
            && dataKey.Length == AesGcmSealing.KeySize;
    }

    /// <summary>Seals a value of <paramref name="userName"/>'s under their data key, bound to <paramref name="context"/> (the provider).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> dataKey, string plaintext, string userName, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return AesGcmSealing.Seal(dataKey, plain, ValueContext(userName, context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Opens a value sealed by <see cref="Seal"/>; false when it was tampered with or moved.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> dataKey, byte[] sealedValue, string userName, string context, out string plaintext) =>
        TryDecode(AesGcmSealing.TryOpen(dataKey, sealedValue, ValueContext(userName, context), out var plain), plain, out plaintext);

    /// <summary>Seals the canary text directly under the active KEK.</summary>
    public ProtectedValue SealCanary(string text) =>
        new(ActiveKeyId, AesGcmSealing.Seal(_keys[ActiveKeyId], Encoding.UTF8.GetBytes(text), CanaryContext));

    /// <summary>Opens a canary; false when its KEK is not configured or its secret is another one.</summary>
    public bool TryOpenCanary(ProtectedValue canary, out string text)
    {
        byte[]? plain = null;
        return TryDecode(_keys.TryGetValue(canary.KeyId, out var key) && AesGcmSealing.TryOpen(key, canary.Ciphertext, CanaryContext, out plain), plain, out text);
    }

    private static bool TryDecode(bool opened, byte[]? plain, out string text)
    {
        text = string.Empty;
        if (!opened || plain is null)
        {
            return false;
        }

        text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return true;
    }

    // Neither usernames nor provider names can contain a line feed, so the encodings are unambiguous.
    private static byte[] ValueContext(string userName, string context) =>
        Encoding.UTF8.GetBytes($"keykeeper/api-key/v2\n{userName}\n{context}");

    private static byte[] DataKeyContext(string userName) =>
        Encoding.UTF8.GetBytes($"keykeeper/data-key/v1\n{userName}");
}
