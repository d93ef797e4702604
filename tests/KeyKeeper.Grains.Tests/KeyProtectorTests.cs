using KeyKeeper.Silo.Encryption;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Grains.Tests;

public sealed class KeyProtectorTests
{
    private static KeyProtector Protector(string activeKeyId, params (string Id, string Secret)[] keys) =>
        new(Options.Create(new KeyEncryptionOptions
        {
            ActiveKeyId = activeKeyId,
            Keys = keys.ToDictionary(k => k.Id, k => k.Secret),
        }));

    private static readonly (string, string) K1 = ("k1", "first-key-encryption-secret-0123456789abcdef");
    private static readonly (string, string) K2 = ("k2", "second-key-encryption-secret-0123456789abcdef");

    [Fact]
    public void ValueRoundTripsAndTheDataKeyIsTaggedWithTheActiveKey()
    {
        var protector = Protector("k1", K1);
        var dataKey = KeyProtector.NewDataKey();

        var wrapped = protector.WrapDataKey(dataKey, "alice");
        var sealedValue = KeyProtector.Seal(dataKey, "sk-secret-value", "alice", "openai");

        Assert.Equal("k1", wrapped.KeyId);
        Assert.True(protector.TryUnwrapDataKey(wrapped, "alice", out var unwrapped));
        Assert.Equal(dataKey, unwrapped);
        Assert.True(KeyProtector.TryOpen(unwrapped, sealedValue, "alice", "openai", out var plain));
        Assert.Equal("sk-secret-value", plain);
    }

    [Fact]
    public void CiphertextMovedToAnotherUserOrProviderDoesNotDecrypt()
    {
        var protector = Protector("k1", K1);
        var dataKey = KeyProtector.NewDataKey();
        var wrapped = protector.WrapDataKey(dataKey, "alice");
        var sealedValue = KeyProtector.Seal(dataKey, "sk-secret-value", "alice", "openai");

        Assert.False(protector.TryUnwrapDataKey(wrapped, "mallory", out _));
        Assert.False(KeyProtector.TryOpen(dataKey, sealedValue, "mallory", "openai", out _));
        Assert.False(KeyProtector.TryOpen(dataKey, sealedValue, "alice", "anthropic", out _));
    }

    [Fact]
    public void DataKeysUnderAnOlderKeyStillUnwrapAfterTheActiveKeyChanges()
    {
        var dataKey = KeyProtector.NewDataKey();
        var before = Protector("k1", K1).WrapDataKey(dataKey, "alice");

        var rotated = Protector("k2", K1, K2);

        Assert.True(rotated.TryUnwrapDataKey(before, "alice", out var unwrapped));
        Assert.Equal(dataKey, unwrapped);
        Assert.Equal("k2", rotated.WrapDataKey(unwrapped, "alice").KeyId);
    }

    [Fact]
    public void TamperedOrUnknownDataKeysAndValuesDoNotDecrypt()
    {
        var protector = Protector("k1", K1);
        var dataKey = KeyProtector.NewDataKey();
        var wrapped = protector.WrapDataKey(dataKey, "alice");
        var tamperedKey = wrapped.Ciphertext.ToArray();
        tamperedKey[^1] ^= 1;
        var sealedValue = KeyProtector.Seal(dataKey, "sk-secret-value", "alice", "openai");
        var tamperedValue = sealedValue.ToArray();
        tamperedValue[^1] ^= 1;

        Assert.False(protector.TryUnwrapDataKey(wrapped with { Ciphertext = tamperedKey }, "alice", out _));
        Assert.False(Protector("k2", K2).TryUnwrapDataKey(wrapped, "alice", out _));
        Assert.False(Protector("k1", ("k1", "a-different-secret-for-the-same-key-id-0123")).TryUnwrapDataKey(wrapped, "alice", out _));
        Assert.False(KeyProtector.TryOpen(dataKey, tamperedValue, "alice", "openai", out _));
        Assert.False(KeyProtector.TryOpen(KeyProtector.NewDataKey(), sealedValue, "alice", "openai", out _));
    }

    [Fact]
    public void MisconfiguredKeysAreRefusedWithAClearMessage()
    {
        var validator = new KeyEncryptionOptionsValidator();

        var missing = validator.Validate(null, new KeyEncryptionOptions { ActiveKeyId = "k9", Keys = { ["k1"] = K1.Item2 } });
        var weak = validator.Validate(null, new KeyEncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = "short" } });

        Assert.Contains("KeyEncryption:Keys:k9 is not configured", missing.FailureMessage);
        Assert.Contains("at least 32 characters", weak.FailureMessage);
    }
}
