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
    public static IResourceBuilder<ProjectResource> WithLegacyImport(this IResourceBuilder<ProjectResource> migrator, IDistributedApplicationBuilder builder) =>
        migrator.WithLegacySettings(builder, ["UsersFile", "KeyFile", "ReportFile"], ["DryRun", "AllowPartial"]);

    /// <summary>True when both legacy files are given, so there is something to import.</summary>
    public static bool IsLegacyImportConfigured(this IDistributedApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["Legacy:UsersFile"]) &&
        !string.IsNullOrWhiteSpace(builder.Configuration["Legacy:KeyFile"]);

    /// <summary>
    /// An explicit-start resource <c>legacy-import-dry-run</c> (<c>KeyKeeper.Silo import-legacy
    /// --dry-run</c> on the configured files), with the dashboard command "Legacy import (dry run)"
    /// that runs it and answers with its summary: users that would be imported, skipped, failed.
    /// It writes nothing; its report goes to the temp folder (named in its log), never over the
    /// migrator's <c>Legacy:ReportFile</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddLegacyImportDryRun(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddProject<Projects.KeyKeeper_Silo>(name, launchProfileName: null)
            .WithArgs("import-legacy", "--dry-run")
            .WithLegacySettings(builder, ["UsersFile", "KeyFile"], ["AllowPartial"])
            .WithExplicitStart()
            // A run-time tool: a deployment imports through the migrator.
            .ExcludeFromManifest()
            .WithRunToEndCommand("legacy-import-dry-run", "Legacy import (dry run)",
                "Checks the legacy files against the database and reports who would be imported, skipped or fail; writes nothing.",
                summaryMarkers: ["Legacy import", "The legacy import cannot start"]);

    private static IResourceBuilder<ProjectResource> WithLegacySettings(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder, string[] files, string[] flags)
    {
        var legacy = builder.Configuration.GetSection("Legacy");
        foreach (var setting in files)
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

            project.WithEnvironment($"Legacy__{setting}", path);
        }

        foreach (var flag in flags)
        {
            if (!string.IsNullOrWhiteSpace(legacy[flag]))
            {
                project.WithEnvironment($"Legacy__{flag}", legacy[flag]);
            }
        }

        return project;
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
