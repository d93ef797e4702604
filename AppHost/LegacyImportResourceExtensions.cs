namespace KeyKeeper.AppHost;

/// <summary>
/// Hands the legacy app's files (AppHost settings <c>Legacy:UsersFile</c>, <c>Legacy:KeyFile</c>,
/// relative paths from the directory the AppHost runs in) to the migration resource, which imports
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
            if (!string.IsNullOrWhiteSpace(legacy[setting]))
            {
                migrator.WithEnvironment($"Legacy__{setting}", Path.GetFullPath(legacy[setting]!));
            }
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
}
