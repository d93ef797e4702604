namespace KeyKeeper.AppHost;

public static class LegacyImportResourceExtensions
{
    public static IResourceBuilder<ProjectResource> WithLegacyImport(this IResourceBuilder<ProjectResource> migrator, IDistributedApplicationBuilder builder) =>
        migrator.WithLegacySettings(builder, ["UsersFile", "KeyFile", "ReportFile"], ["DryRun", "AllowPartial"]);

    public static bool IsLegacyImportConfigured(this IDistributedApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["Legacy:UsersFile"]) &&
        !string.IsNullOrWhiteSpace(builder.Configuration["Legacy:KeyFile"]);

    /// <summary>The dry run's report goes to the temp folder, never over the migrator's <c>Legacy:ReportFile</c>.</summary>
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

    // `dotnet run --project AppHost` runs in the project's directory; PWD is where the user typed the path.
    private static string FromTypedDirectory(string path) =>
        Path.GetFullPath(path, Environment.GetEnvironmentVariable("PWD") is { } typedIn && Path.IsPathRooted(typedIn)
            ? typedIn
            : Environment.CurrentDirectory);
}
