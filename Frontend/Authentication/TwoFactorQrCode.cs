using System.Text;
using QRCoder;

namespace KeyKeeper.Frontend.Authentication;

public static class TwoFactorQrCode
{
    /// <summary>A data URI, ready for an img element: the CSP allows data: images.</summary>
    public static string DataUri(string otpAuthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpAuthUri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
