namespace KeyKeeper.Silo.Encryption;

public sealed class KeyEncryptionOptions
{
    public const string SectionName = "KeyEncryption";

    public const int MinSecretLength = 32;

    public string ActiveKeyId { get; set; } = string.Empty;

    public Dictionary<string, string> Keys { get; set; } = [];
}
