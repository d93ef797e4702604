using System.Security.Cryptography;
using KeyKeeper.ServiceDefaults.Security;

namespace KeyKeeper.AppHost.ClusterTls;

/// <summary>
/// The self-signed cluster certificate the AppHost keeps for this home: made on the first run,
/// kept while it opens with the password in the user secrets and has a while left, else made anew
/// (every silo and client is restarted with the AppHost, so a new one costs nothing).
/// </summary>
public static class ClusterCertificateFile
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A certificate with less than this left is replaced, so no run outlives it.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Beside the local PostgreSQL data directory: <c>$XDG_DATA_HOME/keykeeper</c> or <c>~/.local/share/keykeeper</c>.</summary>
    public static string DefaultPath(string userProfile, string? xdgDataHome) =>
        Path.Combine(string.IsNullOrWhiteSpace(xdgDataHome) ? Path.Combine(userProfile, ".local", "share") : xdgDataHome,
            "keykeeper", "cluster-tls", "cluster.pfx");

    /// <summary>Makes sure <paramref name="path"/> holds a usable certificate under <paramref name="password"/>; true when it wrote a new one.</summary>
    public static bool Ensure(string path, string password, DateTimeOffset now)
    {
        if (IsUsable(path, password, now))
        {
            return false;
        }

        using var certificate = ClusterCertificate.CreateSelfSigned(Lifetime);
        ClusterCertificate.WritePkcs12(certificate, path, password);
        return true;
    }

    private static bool IsUsable(string path, string password, DateTimeOffset now)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var existing = ClusterCertificate.Load(path, password);
            return existing.Certificate.NotAfter - RenewBefore > now && existing.Certificate.NotBefore <= now
                && ClusterCertificate.AllowsServerAndClientAuthentication(existing.Certificate);
        }
        catch (CryptographicException)
        {
            // Another password (the user secrets were reset) or not a certificate: replaced.
            return false;
        }
    }
}
