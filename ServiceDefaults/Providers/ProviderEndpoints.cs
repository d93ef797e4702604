using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeyKeeper.ServiceDefaults.Providers;

/// <summary>The built-in providers with the <c>Providers</c> settings laid over them; read by key checks and the gateway alike.</summary>
public sealed class ProviderEndpoints
{
    public static readonly IReadOnlyDictionary<string, ProviderEndpoint> BuiltIn = new Dictionary<string, ProviderEndpoint>(StringComparer.Ordinal)
    {
        ["openai"] = new("openai", new Uri("https://api.openai.com/v1"), ProviderAuth.Bearer),
        ["anthropic"] = new("anthropic", new Uri("https://api.anthropic.com"), ProviderAuth.Anthropic),
        ["google"] = new("google", new Uri("https://generativelanguage.googleapis.com"), ProviderAuth.Google),
        ["groq"] = new("groq", new Uri("https://api.groq.com/openai/v1"), ProviderAuth.Bearer),
    };

    private readonly Dictionary<string, ProviderEndpoint> _endpoints;

    public ProviderEndpoints(IOptions<ProviderSettings> settings)
    {
        _endpoints = new Dictionary<string, ProviderEndpoint>(BuiltIn, StringComparer.Ordinal);
        foreach (var (name, configured) in settings.Value)
        {
            var builtIn = BuiltIn.GetValueOrDefault(name);
            var baseUrl = configured.BaseUrl is { } url ? new Uri(url, UriKind.Absolute) : builtIn!.BaseUrl;
            _endpoints[name] = new ProviderEndpoint(name, baseUrl, configured.Auth ?? builtIn?.Auth ?? ProviderAuth.Bearer);
        }
    }

    public IReadOnlyCollection<string> Names => _endpoints.Keys;

    public ProviderEndpoint? Find(string provider) => _endpoints.GetValueOrDefault(provider);
}

public static class ProviderEndpointsExtensions
{
    public static IServiceCollection AddProviderEndpoints(this IServiceCollection services)
    {
        services.AddValidatedSettings<ProviderSettings, ProviderSettings.Validator>(ProviderSettings.SectionName);
        services.AddSingleton<ProviderEndpoints>();
        return services;
    }
}
