using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The real silo composition (as in the Silo's Program.cs), hosted in the test process.</summary>
public sealed class SiloHost(WebApplication app) : IAsyncDisposable
{
    public static async Task<SiloHost> StartAsync(IReadOnlyDictionary<string, string?> settings, ILoggerProvider logs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddProvider(logs);
        builder.AddServiceDefaults();
        builder.AddKeyKeeperSilo();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new SiloHost(app);
    }

    /// <summary>A graceful stop: grains deactivate and the silo leaves the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
