using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The real silo composition (as in the Silo's Program.cs), hosted in the test process.</summary>
public sealed class SiloHost(WebApplication app) : IAsyncDisposable
{
    // configureServices: test-only additions to the services (an in-memory telemetry exporter).
    public static async Task<SiloHost> StartAsync(IReadOnlyDictionary<string, string?> settings, ILoggerProvider logs, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddProvider(logs);
        builder.AddServiceDefaults();
        builder.AddKeyKeeperSilo();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new SiloHost(app);
    }

    public IServiceProvider Services => app.Services;

    /// <summary>Where the silo's HTTP endpoints (<c>/health</c>, <c>/alive</c>) listen.</summary>
    public Uri HttpAddress => new(app.Urls.First());

    /// <summary>A graceful stop: grains deactivate and the silo leaves the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
