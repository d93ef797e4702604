namespace KeyKeeper.Grains.Tests.Legacy;

/// <summary>The copies of tests/Fixtures that the build puts next to the test assembly.</summary>
public static class Fixtures
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
