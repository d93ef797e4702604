namespace KeyKeeper.Silo.Encryption;

/// <summary>An encrypted value and the id of the key-encryption key that encrypted it.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.ProtectedValue")]
public sealed record ProtectedValue(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Ciphertext);
