using KeyKeeper.ServiceDefaults.Providers;
using Microsoft.Extensions.Configuration;

namespace KeyKeeper.AppHost;

/// <summary>
/// Every <c>Providers:*</c> setting the AppHost is given (command line, user secrets, environment)
/// reaches the services as it is: key checks and the gateway read the same providers.
/// </summary>
public static class ProviderSettingsResourceExtensions
{
    public static IResourceBuilder<ProjectResource> WithProviderSettings(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder)
    {
        foreach (var (key, value) in builder.Configuration.GetSection(ProviderSettings.SectionName).AsEnumerable())
        {
            if (value is not null)
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return service;
    }
}
