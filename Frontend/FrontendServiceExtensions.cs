using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.DataProtection;
using KeyKeeper.Frontend.Errors;
using KeyKeeper.Frontend.Gateway;
using KeyKeeper.Frontend.Health;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.Pages;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Frontend.Security;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend;

/// <summary>Composition of the frontend: the Orleans client, authentication, rate limits, Data Protection, pages, error handling and HSTS.</summary>
public static class FrontendServiceExtensions
{
    /// <summary>Largest request body: a 4096-character key, JSON-escaped, fits with room to spare.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddKeyKeeperFrontend(this IHostApplicationBuilder builder)
    {
        // The database is needed for the cluster's membership (finding the silos) and for /health.
        builder.AddKeyKeeperDatabase();
        builder.UseOrleansClient(client =>
        {
            client.UseKeyKeeperClustering();
            client.UseKeyKeeperTls();
            // Grain calls join the request's trace.
            client.AddActivityPropagation();
        });

        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        // Binding failures become exceptions, so ServiceExceptionHandler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ServiceExceptionHandler>();

        builder.Services.AddValidatedSettings<AccessTokenSettings, AccessTokenSettings.Validator>(AccessTokenSettings.SectionName);
        builder.Services.AddSingleton(services => new AccessTokenKey(services.GetRequiredService<IOptions<AccessTokenSettings>>().Value.SigningKey!));
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(SessionCookie.SchemeName, options => SessionCookie.Configure(options, builder.Environment));
        builder.Services.AddAuthorizationBuilder().AddKeyKeeperPolicies();
        builder.Services.AddKeyKeeperForwardedHeaders();
        builder.Services.AddKeyKeeperRateLimits();
        builder.Services.AddSingleton(TimeProvider.System);

        // Sent only outside Development and only over HTTPS (see SecurityHeaders).
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

        builder.Services.AddProviderGateway();
        builder.Services.AddKeyKeeperOpenApi();
        builder.Services.AddHealthChecks().AddCheck<KeyStoreHealthCheck>("key-store");
        builder.AddKeyKeeperDataProtection();
        builder.AddKeyKeeperPages();
        return builder;
    }
}
