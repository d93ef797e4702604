using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KeyKeeper.AppHost.LocalPostgres;

public static partial class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static string FindBinDirectory()
    {
        var newest = (Directory.Exists(DebianRoot) ? Directory.GetDirectories(DebianRoot) : [])
            .Select(directory => (Version: ParseVersion(Path.GetFileName(directory)), Bin: Path.Combine(directory, "bin")))
            .Where(candidate => candidate.Version is not null && HasServerBinaries(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();

        var found = newest ?? PgConfigBinDirectory();
        return found is not null && HasServerBinaries(found)
            ? found
            : throw new DistributedApplicationException(
                $"No PostgreSQL server binaries (postgres, initdb) were found in {DebianRoot}/*/bin or at 'pg_config --bindir'. " +
                "Install the PostgreSQL server (Debian: apt-get install postgresql), set LocalPostgres:BinDirectory, " +
                "or run a container runtime and use Postgres:Mode=Container.");
    }

    public static void EnsureServerBinaries(string binDirectory)
    {
        if (!HasServerBinaries(binDirectory))
        {
            throw new DistributedApplicationException(
                $"LocalPostgres:BinDirectory '{binDirectory}' does not contain the PostgreSQL server binaries postgres and initdb.");
        }
    }

    // postgres refuses to run as root, but --version is allowed.
    public static int GetMajorVersion(string binDirectory)
    {
        var output = Run(Path.Combine(binDirectory, "postgres"), "--version") ?? string.Empty;
        var match = VersionPattern().Match(output);
        return match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new DistributedApplicationException(
                $"Could not read the PostgreSQL version from '{Path.Combine(binDirectory, "postgres")} --version': '{output.Trim()}'.");
    }

    private static bool HasServerBinaries(string binDirectory) =>
        File.Exists(Path.Combine(binDirectory, "postgres")) && File.Exists(Path.Combine(binDirectory, "initdb"));

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

    private static string? PgConfigBinDirectory() => Run("pg_config", "--bindir")?.Trim() is { Length: > 0 } bin ? bin : null;

    private static string? Run(string fileName, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, argument)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            errors.Wait();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null; // not installed
        }
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
