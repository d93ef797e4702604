using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KeyKeeper.ServiceDefaults.Security;

/// <summary>
/// The one certificate every silo and client of a cluster presents. A peer is trusted only when it
/// presents this very certificate (its SHA-256 hash is pinned): a certificate with the same name, or
/// one a public authority issued, is still a stranger.
/// </summary>
public sealed class ClusterCertificate : IDisposable
{
    /// <summary>The name in the certificates the AppHost and the tests make.</summary>
    public const string DefaultName = "keykeeper-cluster";

    /// <summary>Server and client authentication: each silo is both, and a client presents it too.</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly byte[] _pin;

    public ClusterCertificate(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The cluster certificate must carry its private key.", nameof(certificate));
        }

        Certificate = certificate;
        _pin = certificate.GetCertHash(HashAlgorithmName.SHA256);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The name a client asks for (SNI); trust comes from the pin, not from the name.</summary>
    public string HostName => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>Whether <paramref name="peer"/> is this certificate, whatever its chain says.</summary>
    public bool IsPresentedBy(X509Certificate2 peer) =>
        CryptographicOperations.FixedTimeEquals(peer.GetCertHash(HashAlgorithmName.SHA256), _pin);

    /// <summary>Reads a PKCS#12 (PFX) file; throws <see cref="CryptographicException"/> on a wrong password or another format.</summary>
    public static ClusterCertificate Load(string path, string? password) =>
        new(X509CertificateLoader.LoadPkcs12FromFile(path, password));

    /// <summary>Whether the certificate may serve both ends of a cluster connection.</summary>
    public static bool AllowsServerAndClientAuthentication(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        return usages is null
            || (usages.Cast<Oid>().Any(usage => usage.Value == ServerAuthentication.Value)
                && usages.Cast<Oid>().Any(usage => usage.Value == ClientAuthentication.Value));
    }

    /// <summary>A new self-signed RSA-2048 certificate for server and client authentication, valid from now for <paramref name="lifetime"/>.</summary>
    public static X509Certificate2 CreateSelfSigned(TimeSpan lifetime, string name = DefaultName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());

        // A little in the past, so a peer whose clock is slightly behind accepts it at once.
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> and its key as a PKCS#12 file readable by its owner only
    /// (mode 600), replacing any file at <paramref name="path"/> at once, never leaving half a file.
    /// </summary>
    public static void WritePkcs12(X509Certificate2 certificate, string path, string password)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        else
        {
            Directory.CreateDirectory(directory);
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose() => Certificate.Dispose();
}
