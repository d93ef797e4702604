using System.Net;
using KeyKeeper.Frontend.Errors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The real frontend on Kestrel (so request limits apply as in production), on a loopback port.</summary>
public sealed class FrontendFactory : WebApplicationFactory<ServiceExceptionHandler>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ILoggerProvider _logs;

    public FrontendFactory(IReadOnlyDictionary<string, string?> settings, ILoggerProvider logs)
    {
        _settings = settings;
        _logs = logs;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(_logs));
    }
}
