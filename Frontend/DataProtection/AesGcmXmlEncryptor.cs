using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>Encrypts a new key's <c>&lt;masterKey&gt;</c> before Data Protection hands it to the repository.</summary>
public sealed class AesGcmXmlEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(cipher.Encrypt(plaintextElement), typeof(AesGcmXmlDecryptor));
}
