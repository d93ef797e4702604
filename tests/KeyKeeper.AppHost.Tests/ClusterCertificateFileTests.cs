using KeyKeeper.AppHost.ClusterTls;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.ServiceDefaults.Security;

namespace KeyKeeper.AppHost.Tests;

/// <summary>The certificate file the AppHost keeps per home, read back as the services read it.</summary>
public sealed class ClusterCertificateFileTests
{
    private const string Password = "cluster-certificate-file-tests-password";

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheFirstRunMakesACertificateOnlyItsOwnerCanRead()
    {
        using var home = TemporaryDirectory.Create("kk-home-");
        var path = ClusterCertificateFile.DefaultPath(home.Path, xdgDataHome: null);

        Assert.True(ClusterCertificateFile.Ensure(path, Password, DateTimeOffset.UtcNow));

        Assert.Equal(Path.Combine(home.Path, ".local", "share", "keykeeper", "cluster-tls", "cluster.pfx"), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        var settings = new ClusterTlsSettings { CertificatePath = path, CertificatePassword = Password };
        Assert.True(new ClusterTlsSettings.Validator().Validate(null, settings).Succeeded);
        using var certificate = settings.LoadCertificate();
        Assert.True(certificate.Certificate.NotAfter > DateTime.UtcNow.AddDays(300));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void ALaterRunKeepsTheCertificate()
    {
        using var home = TemporaryDirectory.Create("kk-home-");
        var path = ClusterCertificateFile.DefaultPath(home.Path, xdgDataHome: Path.Combine(home.Path, "data"));
        ClusterCertificateFile.Ensure(path, Password, DateTimeOffset.UtcNow);
        var first = Thumbprint(path, Password);

        Assert.False(ClusterCertificateFile.Ensure(path, Password, DateTimeOffset.UtcNow.AddDays(100)));

        Assert.StartsWith(Path.Combine(home.Path, "data", "keykeeper"), path, StringComparison.Ordinal);
        Assert.Equal(first, Thumbprint(path, Password));
    }

    [Fact]
    public void ACertificateNearItsEndOrUnderAnotherPasswordIsReplaced()
    {
        using var home = TemporaryDirectory.Create("kk-home-");
        var path = ClusterCertificateFile.DefaultPath(home.Path, xdgDataHome: null);
        ClusterCertificateFile.Ensure(path, Password, DateTimeOffset.UtcNow);
        var first = Thumbprint(path, Password);

        Assert.True(ClusterCertificateFile.Ensure(path, Password, DateTimeOffset.UtcNow + ClusterCertificateFile.Lifetime - TimeSpan.FromDays(10)));
        var renewed = Thumbprint(path, Password);
        Assert.NotEqual(first, renewed);

        // The user secrets were reset: a new password, so a new certificate that opens with it.
        Assert.True(ClusterCertificateFile.Ensure(path, "another-password-after-a-reset", DateTimeOffset.UtcNow));
        Assert.NotEqual(renewed, Thumbprint(path, "another-password-after-a-reset"));
    }

    private static string Thumbprint(string path, string password)
    {
        using var certificate = ClusterCertificate.Load(path, password);
        return certificate.Certificate.Thumbprint;
    }
}
