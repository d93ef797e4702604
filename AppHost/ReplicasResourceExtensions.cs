namespace KeyKeeper.AppHost;

/// <summary>Replicas that the manifest records too.</summary>
public static class ReplicasResourceExtensions
{
    /// <summary>
    /// Runs <paramref name="replicas"/> instances of the project and writes <c>"replicas"</c> into
    /// its manifest entry. Aspire's own writer leaves replicas out (microsoft/aspire#2629), so this
    /// entry is Aspire's <c>project.v0</c> (path, args, env, bindings) plus that field; tools that
    /// do not know the field ignore it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithManifestReplicas(this IResourceBuilder<ProjectResource> project, int replicas) =>
        project
            .WithReplicas(replicas)
            .WithManifestPublishingCallback(async context =>
            {
                var resource = project.Resource;
                context.Writer.WriteString("type", "project.v0");
                context.Writer.WriteString("path", context.GetManifestRelativePath(resource.GetProjectMetadata().ProjectPath));
                await context.WriteCommandLineArgumentsAsync(resource);
                await context.WriteEnvironmentVariablesAsync(resource);
                context.WriteBindings(resource);
                context.Writer.WriteNumber("replicas", replicas);
            });
}
