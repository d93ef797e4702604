namespace KeyKeeper.AppHost;

/// <summary>
/// Hands the legacy app's files (AppHost settings <c>Legacy:UsersFile</c>, <c>Legacy:KeyFile</c>;
/// a relative path is from the directory the command was typed in) to the migration resource, which imports
/// them after the schema; the JSON report is written to the temp folder (its path is in the
/// migrator's log) unless <c>Legacy:ReportFile</c> says where. <c>Legacy:DryRun</c> and
/// <c>Legacy:AllowPartial</c> pass through.
/// </summary>
public static class LegacyImportResourceExtensions
{
    public static IResourceBuilder<ProjectResource> WithLegacyImport(this IResourceBuilder<ProjectResource> migrator, IDistributedApplicationBuilder builder)
    {
        var legacy = builder.Configuration.GetSection("Legacy");
        foreach (var setting in new[] { "UsersFile", "KeyFile", "ReportFile" })
        {
            if (string.IsNullOrWhiteSpace(legacy[setting]))
            {
                continue;
            }

            var path = FromTypedDirectory(legacy[setting]!);
            // A missing file would only fail the migrator and leave the silos waiting: say so at once.
            if (setting != "ReportFile" && !File.Exists(path))
            {
                throw new FileNotFoundException($"Legacy:{setting} is '{legacy[setting]}', but there is no file '{path}'.", path);
            }

            migrator.WithEnvironment($"Legacy__{setting}", path);
        }

        foreach (var flag in new[] { "DryRun", "AllowPartial" })
        {
            if (!string.IsNullOrWhiteSpace(legacy[flag]))
            {
                migrator.WithEnvironment($"Legacy__{flag}", legacy[flag]);
            }
        }

        return migrator;
    }

    /// <summary>
    /// <c>dotnet run --project AppHost</c> runs in the project's directory, so a relative path is
    /// taken from the shell's directory (<c>PWD</c>), where the user typed it.
    /// </summary>
    private static string FromTypedDirectory(string path) =>
        Path.GetFullPath(path, Environment.GetEnvironmentVariable("PWD") is { } typedIn && Path.IsPathRooted(typedIn)
            ? typedIn
            : Environment.CurrentDirectory);
}
