using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace KeyKeeper.AppHost.LocalPostgres;

/// <summary>Where the machine's own PostgreSQL runs; the port is fixed so tools and the data directory agree between runs.</summary>
public sealed record LocalPostgresOptions(string BinDirectory, string DataDirectory, int Port, int MajorVersion)
{
    public const string SectionName = "LocalPostgres";
    public const int DefaultPort = 15432;

    public static LocalPostgresOptions FromConfiguration(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(SectionName);

        var binDirectory = NonEmpty(section["BinDirectory"]);
        if (binDirectory is null)
        {
            binDirectory = PostgresBinaries.FindBinDirectory();
        }
        else
        {
            binDirectory = Path.GetFullPath(binDirectory, appHostDirectory);
            PostgresBinaries.EnsureServerBinaries(binDirectory);
        }

        var majorVersion = PostgresBinaries.GetMajorVersion(binDirectory);

        var dataDirectory = NonEmpty(section["DataDirectory"]) is { } configured
            ? Path.GetFullPath(configured, appHostDirectory)
            : DefaultDataDirectory(majorVersion, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                Environment.GetEnvironmentVariable("XDG_DATA_HOME"), Environment.IsPrivilegedProcess);

        var portSetting = NonEmpty(section["Port"]);
        var port = DefaultPort;
        if (portSetting is not null &&
            (!int.TryParse(portSetting, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new DistributedApplicationException($"{SectionName}:Port is '{portSetting}'; use a TCP port number (1-65535).");
        }

        return new LocalPostgresOptions(binDirectory, dataDirectory, port, majorVersion);
    }

    /// <summary>
    /// Beside the user secrets that hold its password and key-encryption key. Where the postgres OS
    /// user cannot reach a private home (root's), it lives under <c>/var/lib</c> in a folder named
    /// after that home, so another home's secrets never meet this one's data.
    /// </summary>
    public static string DefaultDataDirectory(int majorVersion, string userProfile, string? xdgDataHome, bool privileged)
    {
        var versioned = $"postgres-{majorVersion}";
        var perUser = Path.Combine(NonEmpty(xdgDataHome) ?? Path.Combine(userProfile, ".local", "share"), "keykeeper", versioned);
        if (!privileged || OthersCanTraverse(perUser))
        {
            return perUser;
        }

        var home = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(userProfile))))[..12];
        return Path.Combine("/var/lib", "keykeeper", $"home-{home}", versioned);
    }

    private static bool OthersCanTraverse(string path)
    {
        for (var directory = Path.GetDirectoryName(path); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(directory) && !OperatingSystem.IsWindows()
                && !File.GetUnixFileMode(directory).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
