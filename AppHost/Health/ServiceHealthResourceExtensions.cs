using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.AppHost.Health;

public static class ServiceHealthResourceExtensions
{
    /// <summary>
    /// One AppHost check per name, as the service's <paramref name="path"/> reports it; a name the service
    /// does not report is Unhealthy, so this list cannot silently fall behind the service's own.
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
