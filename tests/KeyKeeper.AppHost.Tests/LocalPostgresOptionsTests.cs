using KeyKeeper.AppHost.LocalPostgres;

namespace KeyKeeper.AppHost.Tests;

public sealed class LocalPostgresOptionsTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TwoPrivateHomesOfRootGetTwoDataDirectories()
    {
        using var first = TemporaryDirectory.Create("kk-home-");
        using var second = TemporaryDirectory.Create("kk-home-");
        var (firstHome, secondHome) = (Private(first.Path, "home"), Private(second.Path, "home"));

        var firstData = LocalPostgresOptions.DefaultDataDirectory(15, firstHome, xdgDataHome: null, privileged: true);
        var secondData = LocalPostgresOptions.DefaultDataDirectory(15, secondHome, xdgDataHome: null, privileged: true);

        Assert.StartsWith("/var/lib/keykeeper/", firstData, StringComparison.Ordinal);
        Assert.NotEqual(firstData, secondData);
        Assert.Equal(firstData, LocalPostgresOptions.DefaultDataDirectory(15, firstHome, xdgDataHome: null, privileged: true));
    }

    [Fact]
    public void AHomeThePostgresUserCanReachHoldsItsOwnDataDirectory()
    {
        using var home = TemporaryDirectory.Create("kk-home-");

        Assert.Equal(Path.Combine(home.Path, ".local", "share", "keykeeper", "postgres-15"),
            LocalPostgresOptions.DefaultDataDirectory(15, home.Path, xdgDataHome: null, privileged: true));
    }

    /// <summary>A home only its owner can enter (mode 700), as root's is.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Private(string parent, string name)
    {
        var home = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return home;
    }
}
