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
    public void ValueRoundTripsAndIsTaggedWithTheActiveKey()
    {
        var protector = Protector("k1", K1);

        var sealedValue = protector.Protect("sk-secret-value", "alice", "openai");

        Assert.Equal("k1", sealedValue.KeyId);
        Assert.True(protector.TryUnprotect(sealedValue, "alice", "openai", out var plain));
        Assert.Equal("sk-secret-value", plain);
    }

    [Fact]
    public void CiphertextMovedToAnotherUserOrProviderDoesNotDecrypt()
    {
        var protector = Protector("k1", K1);
        var sealedValue = protector.Protect("sk-secret-value", "alice", "openai");

        Assert.False(protector.TryUnprotect(sealedValue, "mallory", "openai", out _));
        Assert.False(protector.TryUnprotect(sealedValue, "alice", "anthropic", out _));
    }

    [Fact]
    public void ValuesUnderAnOlderKeyStillDecryptAfterTheActiveKeyChanges()
    {
        var before = Protector("k1", K1).Protect("sk-secret-value", "alice", "openai");

        var rotated = Protector("k2", K1, K2);

        Assert.True(rotated.TryUnprotect(before, "alice", "openai", out var plain));
        Assert.Equal("sk-secret-value", plain);
        Assert.Equal("k2", rotated.Protect("x", "alice", "openai").KeyId);
    }

    [Fact]
    public void TamperedOrUnknownKeyValuesDoNotDecrypt()
    {
        var protector = Protector("k1", K1);
        var sealedValue = protector.Protect("sk-secret-value", "alice", "openai");
        var tampered = sealedValue.Ciphertext.ToArray();
        tampered[^1] ^= 1;

        Assert.False(protector.TryUnprotect(sealedValue with { Ciphertext = tampered }, "alice", "openai", out _));
        Assert.False(Protector("k2", K2).TryUnprotect(sealedValue, "alice", "openai", out _));
        Assert.False(Protector("k1", ("k1", "a-different-secret-for-the-same-key-id-0123")).TryUnprotect(sealedValue, "alice", "openai", out _));
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
