namespace KeyKeeper.Testing;

/// <summary>The checkout the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder holding <c>KeyKeeper.slnx</c>, above the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "KeyKeeper.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No KeyKeeper.slnx above {AppContext.BaseDirectory}.");
    }
}
