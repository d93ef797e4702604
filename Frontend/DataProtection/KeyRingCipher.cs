using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>
/// Encrypts the secret parts of Data Protection keys with AES-256-GCM under a key derived from
/// <c>DataProtection:Key</c>. Each encrypted element carries a thumbprint of the secret, so a
/// replica configured with another secret is told exactly that instead of "decryption failed".
/// </summary>
public sealed class KeyRingCipher
{
    /// <summary>The element that replaces Data Protection's plaintext <c>&lt;masterKey&gt;</c>.</summary>
    public static readonly XName EncryptedElementName = "keykeeperEncryptedSecret";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] EncryptionInfo = "keykeeper/data-protection-key-ring/v1"u8.ToArray();
    private static readonly byte[] ThumbprintInfo = "keykeeper/data-protection-key-ring/thumbprint/v1"u8.ToArray();

    private readonly byte[] _key;

    public KeyRingCipher(string secret)
    {
        var material = Encoding.UTF8.GetBytes(secret);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, info: EncryptionInfo);
        // A separate derivation: it identifies the secret without revealing anything about the AES key.
        Thumbprint = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 8, info: ThumbprintInfo));
        CryptographicOperations.ZeroMemory(material);
    }

    /// <summary>Identifies the configured secret in stored elements and error messages.</summary>
    public string Thumbprint { get; }

    public XElement Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedValue = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), EncryptionInfo);
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

    /// <summary>Throws a <see cref="CryptographicException"/> that says why when the element does not decrypt.</summary>
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

        if (sealedValue.Length <= NonceSize + TagSize)
        {
            throw new CryptographicException("A Data Protection key in the database is malformed: its encrypted value is missing or truncated.");
        }

        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), plaintext, EncryptionInfo);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                "A Data Protection key in the database does not decrypt under DataProtection:Key although the thumbprint matches: it was altered or is corrupt.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
