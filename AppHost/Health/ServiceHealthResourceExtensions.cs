using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.AppHost.Health;

/// <summary>A service's own health checks, each shown by name in the dashboard.</summary>
public static class ServiceHealthResourceExtensions
{
    /// <summary>
    /// Registers one AppHost health check per name in <paramref name="checks"/>, each reporting
    /// that check's status from the service's <paramref name="path"/> answer (see the services'
    /// <c>HealthReportWriter</c>). The resource is ready, and its dependents start, when every one
    /// is Healthy. A check the service does not report shows as Unhealthy, so the list here cannot
    /// silently fall behind the service's own.
    /// </summary>
    public static IResourceBuilder<T> WithServiceHealthChecks<T>(this IResourceBuilder<T> builder, string path, params string[] checks)
        where T : IResourceWithEndpoints
    {
        var probe = new ServiceHealthProbe(builder.Resource.GetEndpoint("http"), path);
        var services = builder.ApplicationBuilder.Services;
        // Polled every few seconds: four request lines a poll would bury the AppHost's own output.
        services.AddHttpClient(ServiceHealthProbe.HttpClientName).RemoveAllLoggers();
        foreach (var check in checks)
        {
            // Keys are global to the AppHost; the dashboard shows them under the resource.
            var key = $"{builder.Resource.Name}/{check}";
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                key,
                provider => new ServiceHealthEntryCheck(probe, check, provider.GetRequiredService<IHttpClientFactory>()),
                failureStatus: null,
                tags: null));
            builder.WithHealthCheck(key);
        }

        return builder;
    }
}
