using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using KeyKeeper.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Encryption;

/// <summary>Associated data binds a value to its user and provider: ciphertext moved elsewhere fails to open instead of being read as someone else's.</summary>
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

    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> ConfiguredKeyIds => _keys.Keys;

    public bool IsConfigured(string keyId) => _keys.ContainsKey(keyId);

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(AesGcmSealing.KeySize);

    public ProtectedValue WrapDataKey(ReadOnlySpan<byte> dataKey, string userName) =>
        new(ActiveKeyId, AesGcmSealing.Seal(_keys[ActiveKeyId], dataKey, DataKeyContext(userName)));

    public bool TryUnwrapDataKey(ProtectedValue wrapped, string userName, [NotNullWhen(true)] out byte[]? dataKey)
    {
        dataKey = null;
        return _keys.TryGetValue(wrapped.KeyId, out var key)
            && AesGcmSealing.TryOpen(key, wrapped.Ciphertext, DataKeyContext(userName), out dataKey)
            && dataKey.Length == AesGcmSealing.KeySize;
    }

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

    public static bool TryOpen(ReadOnlySpan<byte> dataKey, byte[] sealedValue, string userName, string context, out string plaintext) =>
        TryDecode(AesGcmSealing.TryOpen(dataKey, sealedValue, ValueContext(userName, context), out var plain), plain, out plaintext);

    public ProtectedValue SealCanary(string text) =>
        new(ActiveKeyId, AesGcmSealing.Seal(_keys[ActiveKeyId], Encoding.UTF8.GetBytes(text), CanaryContext));

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
