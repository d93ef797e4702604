using System.Security.Cryptography;
using KeyKeeper.ServiceDefaults.Security;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// TLS with mutual authentication on every Orleans connection (silo to silo, client to gateway),
/// on unless turned off: both ends present the cluster certificate and accept only a peer that
/// presents the same one.
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string SectionName = $"{KeyKeeperCluster.SectionName}:Tls";

    public bool Enabled { get; set; } = true;

    /// <summary>The cluster certificate with its private key, a PKCS#12 (PFX) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX file's password (a secret: never logged, never in a refusal).</summary>
    public string? CertificatePassword { get; set; }

    public ClusterCertificate LoadCertificate() => ClusterCertificate.Load(CertificatePath!, CertificatePassword);

    public sealed class Validator(TimeProvider clock) : SettingsValidator<ClusterTlsSettings>(SectionName)
    {
        public Validator()
            : this(TimeProvider.System)
        {
        }

        protected override void Check(ClusterTlsSettings options, SettingChecks checks)
        {
            if (!options.Enabled)
            {
                return;
            }

            var path = checks.Setting(nameof(CertificatePath));
            if (string.IsNullOrWhiteSpace(options.CertificatePath))
            {
                checks.Refuse($"{path} must be set: the cluster certificate (a PKCS#12 file) that every silo and client presents " +
                    $"(the AppHost makes one). Only a cluster on loopback may run without, with {checks.Setting(nameof(Enabled))}=false.");
                return;
            }

            if (!File.Exists(options.CertificatePath))
            {
                checks.Refuse($"{path} names no file (was '{options.CertificatePath}').");
                return;
            }

            ClusterCertificate certificate;
            try
            {
                certificate = options.LoadCertificate();
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // Neither the password nor the library's words: either might say more than a log should.
                checks.Refuse($"{path} ('{options.CertificatePath}') cannot be read as a PKCS#12 file with its private key " +
                    $"using {checks.Setting(nameof(CertificatePassword))}.");
                return;
            }

            using (certificate)
            {
                var now = clock.GetUtcNow();
                if (now < certificate.Certificate.NotBefore || now > certificate.Certificate.NotAfter)
                {
                    checks.Refuse($"The cluster certificate in {path} is valid from {certificate.Certificate.NotBefore:u} to {certificate.Certificate.NotAfter:u}, not now; " +
                        "give every silo and client a new one (the AppHost replaces its own).");
                }

                if (!ClusterCertificate.AllowsServerAndClientAuthentication(certificate.Certificate))
                {
                    checks.Refuse($"The cluster certificate in {path} must allow both server and client authentication (extended key usage).");
                }
            }
        }
    }
}
