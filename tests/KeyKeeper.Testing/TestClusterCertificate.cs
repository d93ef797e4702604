using System.Security.Cryptography;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.ServiceDefaults.Security;

namespace KeyKeeper.Testing;

/// <summary>
/// A self-signed cluster certificate made once per test process, as the AppHost makes one per
/// home, so every test deployment runs with TLS on, as a deployment does. The file (mode 600) is
/// deleted when the process exits.
/// </summary>
public static class TestClusterCertificate
{
    private static readonly Lazy<(string Path, string Password)> File = new(Create);

    public static string Path => File.Value.Path;

    public static string Password => File.Value.Password;

    /// <summary>The settings that give a silo or a client this certificate.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        [$"{ClusterTlsSettings.SectionName}:{nameof(ClusterTlsSettings.CertificatePath)}"] = Path,
        [$"{ClusterTlsSettings.SectionName}:{nameof(ClusterTlsSettings.CertificatePassword)}"] = Password,
    };

    /// <summary>The same settings as command-line arguments.</summary>
    public static string[] Arguments => [.. Settings.Select(setting => $"--{setting.Key}={setting.Value}")];

    private static (string, string) Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "keykeeper-tests", $"cluster-{Environment.ProcessId}-{Guid.NewGuid():N}.pfx");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        using (var certificate = ClusterCertificate.CreateSelfSigned(TimeSpan.FromDays(1)))
        {
            ClusterCertificate.WritePkcs12(certificate, path, password);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.File.Delete(path);
        return (path, password);
    }
}
