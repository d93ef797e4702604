using System.Net;
using KeyKeeper.Frontend.Errors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The real frontend. On Kestrel by default (so request limits apply as in production), on a
/// loopback port; on an in-memory TestServer when a test needs a host name or scheme that
/// loopback cannot have (HSTS is never sent for localhost or plain HTTP).
/// </summary>
public sealed class FrontendFactory : WebApplicationFactory<ServiceExceptionHandler>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ILoggerProvider _logs;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _configureServices;

    // configureServices: test-only additions to the services (an in-memory telemetry exporter).
    public FrontendFactory(IReadOnlyDictionary<string, string?> settings, ILoggerProvider logs, string environment = "Development", bool kestrel = true, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _settings = settings;
        _logs = logs;
        _environment = environment;
        if (kestrel)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        }
    }

    /// <summary>Where the started server listens, for clients that bring their own handler (and cookie jar).</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }
}
