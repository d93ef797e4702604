using System.Globalization;
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
            : DefaultDataDirectory(majorVersion);

        var portSetting = NonEmpty(section["Port"]);
        var port = DefaultPort;
        if (portSetting is not null &&
            (!int.TryParse(portSetting, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new DistributedApplicationException($"{SectionName}:Port is '{portSetting}'; use a TCP port number (1-65535).");
        }

        return new LocalPostgresOptions(binDirectory, dataDirectory, port, majorVersion);
    }

    private static string DefaultDataDirectory(int majorVersion)
    {
        var versioned = Path.Combine("keykeeper", $"postgres-{majorVersion}");
        var dataHome = NonEmpty(Environment.GetEnvironmentVariable("XDG_DATA_HOME"))
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        var perUser = Path.Combine(dataHome, versioned);

        // Beside the user secrets that hold its password and key-encryption key, unless root's
        // home is private (mode 700), where the postgres OS user could not reach it.
        return !Environment.IsPrivilegedProcess || OthersCanTraverse(perUser)
            ? perUser
            : Path.Combine("/var/lib", versioned);
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
