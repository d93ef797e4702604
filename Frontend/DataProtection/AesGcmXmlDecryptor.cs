using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>
/// Decrypts what <see cref="AesGcmXmlEncryptor"/> wrote. Data Protection creates decryptors by the
/// type name stored in the key's XML, through this constructor.
/// </summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly KeyRingCipher _cipher = services.GetRequiredService<KeyRingCipher>();

    public XElement Decrypt(XElement encryptedElement) => _cipher.Decrypt(encryptedElement);
}
