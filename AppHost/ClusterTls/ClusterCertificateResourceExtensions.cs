using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.AppHost.ClusterTls;

/// <summary>
/// The cluster certificate every silo and Orleans client presents (<c>Orleans:Tls</c>). A run
/// makes its own per home (setting <c>ClusterCertificate:Path</c>, default beside the local
/// PostgreSQL data, mode 600) under a generated password kept in the user secrets; the manifest
/// asks the deployment for its certificate's path and password instead.
/// </summary>
public static class ClusterCertificateResourceExtensions
{
    public const string PathSetting = "ClusterCertificate:Path";

    public static ClusterCertificateReference AddClusterCertificate(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var deployed = builder.AddParameter("cluster-certificate-path");
            return new(ReferenceExpression.Create($"{deployed}"), builder.AddParameter("cluster-certificate-password", secret: true));
        }

        var password = builder.AddParameter("cluster-certificate-password",
            new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var path = builder.Configuration[PathSetting] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : ClusterCertificateFile.DefaultPath(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable("XDG_DATA_HOME"));

        // Before any resource starts, so the first silo already finds the file.
        builder.Eventing.Subscribe<BeforeStartEvent>(async (@event, cancellationToken) =>
        {
            var created = ClusterCertificateFile.Ensure(path, (await password.Resource.GetValueAsync(cancellationToken))!, DateTimeOffset.UtcNow);
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterCertificateResourceExtensions).FullName!)
                .LogInformation("Cluster certificate: {Action} {Path}.", created ? "made a new one at" : "using", path);
        });
        return new(ReferenceExpression.Create($"{path}"), password);
    }

    /// <summary>Hands <paramref name="project"/> the certificate, for its silo or its Orleans client.</summary>
    public static IResourceBuilder<ProjectResource> WithClusterCertificate(this IResourceBuilder<ProjectResource> project, ClusterCertificateReference certificate) =>
        project
            .WithEnvironment(EnvironmentName(nameof(ClusterTlsSettings.CertificatePath)), certificate.Path)
            .WithEnvironment(EnvironmentName(nameof(ClusterTlsSettings.CertificatePassword)), certificate.Password);

    private static string EnvironmentName(string setting) => $"{ClusterTlsSettings.SectionName}:{setting}".Replace(":", "__", StringComparison.Ordinal);
}
