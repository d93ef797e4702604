using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Telemetry;
using KeyKeeper.Silo.Maintenance;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Silo.Encryption;

/// <summary>Unwrapped once and kept while the state holds the wrapped form it came from (a reload may bring another).</summary>
public sealed partial class DataKeyVault(KeyProtector protector, string userName, ILogger logger)
{
    private byte[]? _dataKey;
    private ProtectedValue? _source;

    public bool TryOpen(UserKeysState state, string context, byte[] sealedValue, out string plaintext)
    {
        plaintext = string.Empty;
        if (TryGetDataKey(state, out var dataKey) && KeyProtector.TryOpen(dataKey, sealedValue, userName, context, out plaintext))
        {
            return true;
        }

        KeyKeeperMetrics.KeyDecryptFailed();
        LogUnreadable(userName, context, state.DataKey?.KeyId ?? "(none)");
        return false;
    }

    public byte[] Seal(UserKeysState state, string context, string plaintext)
    {
        if (!TryGetDataKey(state, out var dataKey))
        {
            if (state.DataKey is not null)
            {
                // Never replace a data key that exists but does not unwrap: the right KEK may come back.
                throw KeyKeeperException.Unavailable("The stored keys cannot be decrypted with the configured key-encryption keys, so nothing can be saved. Nothing was changed.");
            }

            dataKey = KeyProtector.NewDataKey();
            state.DataKey = protector.WrapDataKey(dataKey, userName);
            (_dataKey, _source) = (dataKey, state.DataKey);
        }

        return KeyProtector.Seal(dataKey, plaintext, userName, context);
    }

    public RewrapOutcome Rewrap(UserKeysState state)
    {
        if (state.DataKey is not { } wrapped || wrapped.KeyId == protector.ActiveKeyId)
        {
            return RewrapOutcome.AlreadyCurrent;
        }

        if (!TryGetDataKey(state, out var dataKey))
        {
            return RewrapOutcome.Unreadable;
        }

        state.DataKey = protector.WrapDataKey(dataKey, userName);
        _source = state.DataKey;
        return RewrapOutcome.Rewrapped;
    }

    public void Forget()
    {
        if (_dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(_dataKey);
        }

        (_dataKey, _source) = (null, null);
    }

    private bool TryGetDataKey(UserKeysState state, [NotNullWhen(true)] out byte[]? dataKey)
    {
        if (_dataKey is not null && ReferenceEquals(_source, state.DataKey))
        {
            dataKey = _dataKey;
            return true;
        }

        Forget();
        if (state.DataKey is null || !protector.TryUnwrapDataKey(state.DataKey, userName, out dataKey))
        {
            dataKey = null;
            return false;
        }

        (_dataKey, _source) = (dataKey, state.DataKey);
        return true;
    }

    [LoggerMessage(LogLevel.Error, "The {Context} value of user {UserName} does not decrypt (key-encryption key {KeyId}).")]
    private partial void LogUnreadable(string userName, string context, string keyId);
}
