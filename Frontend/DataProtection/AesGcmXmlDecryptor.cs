using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>Data Protection creates decryptors through this constructor, by the type name stored in the key's XML.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly KeyRingCipher _cipher = services.GetRequiredService<KeyRingCipher>();

    public XElement Decrypt(XElement encryptedElement) => _cipher.Decrypt(encryptedElement);
}
