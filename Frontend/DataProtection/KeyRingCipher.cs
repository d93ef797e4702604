using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using KeyKeeper.ServiceDefaults.Security;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>Each element carries a thumbprint of the secret, so a replica with another secret is told exactly that instead of "decryption failed".</summary>
public sealed class KeyRingCipher
{
    public static readonly XName EncryptedElementName = "keykeeperEncryptedSecret";

    // Nonce and tag: anything no longer than them holds no key at all.
    private const int MinSealedLength = 28;
    private static readonly byte[] EncryptionInfo = "keykeeper/data-protection-key-ring/v1"u8.ToArray();
    private static readonly byte[] ThumbprintInfo = "keykeeper/data-protection-key-ring/thumbprint/v1"u8.ToArray();

    private readonly byte[] _key;

    public KeyRingCipher(string secret)
    {
        var material = Encoding.UTF8.GetBytes(secret);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, AesGcmSealing.KeySize, info: EncryptionInfo);
        // A separate derivation: it identifies the secret without revealing anything about the AES key.
        Thumbprint = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 8, info: ThumbprintInfo));
        CryptographicOperations.ZeroMemory(material);
    }

    public string Thumbprint { get; }

    public XElement Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        byte[] sealedValue;
        try
        {
            sealedValue = AesGcmSealing.Seal(_key, plaintext, EncryptionInfo);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new XElement(EncryptedElementName,
            new XAttribute("thumbprint", Thumbprint),
            new XComment(" AES-256-GCM under a key derived from the DataProtection:Key setting "),
            new XElement("value", Convert.ToBase64String(sealedValue)));
    }

    public XElement Decrypt(XElement encryptedElement)
    {
        var thumbprint = (string?)encryptedElement.Attribute("thumbprint");
        if (thumbprint != Thumbprint)
        {
            throw new CryptographicException(
                $"A Data Protection key in the database was encrypted under another DataProtection:Key (thumbprint {thumbprint}) "
                + $"than this process has (thumbprint {Thumbprint}). Every frontend replica must be configured with the same DataProtection:Key.");
        }

        byte[] sealedValue;
        try
        {
            sealedValue = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? string.Empty);
        }
        catch (FormatException)
        {
            sealedValue = [];
        }

        if (sealedValue.Length <= MinSealedLength)
        {
            throw new CryptographicException("A Data Protection key in the database is malformed: its encrypted value is missing or truncated.");
        }

        if (!AesGcmSealing.TryOpen(_key, sealedValue, EncryptionInfo, out var plaintext))
        {
            throw new CryptographicException(
                "A Data Protection key in the database does not decrypt under DataProtection:Key although the thumbprint matches: it was altered or is corrupt.");
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
