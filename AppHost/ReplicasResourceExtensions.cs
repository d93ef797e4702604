using Microsoft.Extensions.Configuration;

namespace KeyKeeper.AppHost;

/// <summary>Replicas (setting <c>Replicas:&lt;resource&gt;</c>, default 2) that the manifest records too.</summary>
public static class ReplicasResourceExtensions
{
    public const string SectionName = "Replicas";

    /// <summary>Two of each: the cluster and the shared key ring are exercised on every run.</summary>
    public const int DefaultReplicas = 2;

    /// <summary>
    /// Aspire's manifest writer leaves replicas out (microsoft/aspire#2629), so this writes its
    /// <c>project.v0</c> entry plus <c>"replicas"</c>, which tools that do not know it ignore.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithManifestReplicas(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder, string setting)
    {
        var name = $"{SectionName}:{setting}";
        var replicas = builder.Configuration.GetValue(name, DefaultReplicas);
        if (replicas < 1)
        {
            throw new DistributedApplicationException($"{name} must be at least 1 (was {replicas}).");
        }

        return project
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
}
