using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// What every KeyKeeper process shares: OpenTelemetry, health checks, service discovery and
/// resilient outgoing HTTP.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the health checks that only say the process is running.</summary>
    public const string LiveTag = "live";

    /// <summary>The name of the project's own meter and activity source.</summary>
    public const string TelemetryName = "KeyKeeper";

    public const string HealthPath = "/health";

    /// <summary>The health check that only says the process is running.</summary>
    public const string SelfCheck = "self";

    /// <summary>The health check that logs in to the database (named alike in every service).</summary>
    public const string DatabaseCheck = "database";
    public const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck(SelfCheck, () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(TelemetryName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryName)
                // Grain calls (with AddActivityPropagation on client and silo); Npgsql's statements
                // (Aspire.Npgsql adds it too) carry the SQL text, never parameter values.
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Npgsql")
                .AddAspNetCoreInstrumentation(aspNet =>
                    // Health probes would drown the traces that matter.
                    aspNet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath) &&
                        !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check: ready to serve; each check's name and status, see
    /// <see cref="HealthReportWriter"/>) and <c>/alive</c> (the process answers; the status word only).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }

    /// <summary>
    /// Runs the service until it is stopped, then disposes it (as <c>RunAsync</c> does); returns its
    /// exit code. A service that cannot start with its configuration (see
    /// <see cref="CannotStartReason"/>) logs why, while its loggers still work, and returns 1.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (Exception e) when (CannotStartReason(e) is { } reason)
            {
                app.Logger.LogCritical("{Service} cannot start: {Reason}", app.Environment.ApplicationName, reason);
                return 1;
            }

            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    /// <summary>
    /// Why a host refused to start, when its configuration is the reason: the refused settings
    /// (<see cref="ValidatedSettings"/>; one section's, or several sections' at once), Orleans' own
    /// configuration checks, or a start-up check's <see cref="InvalidOperationException"/> (a
    /// setting that does not convert to its type, a key-encryption key that opens nothing). Null
    /// for anything else.
    /// </summary>
    public static string? CannotStartReason(Exception exception) => exception switch
    {
        OptionsValidationException refused => refused.Message,
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            string.Join("; ", inner.Select(e => e.Message)),
        OrleansConfigurationException orleans => orleans.Message,
        ObjectDisposedException => null,
        InvalidOperationException failedCheck => failedCheck.Message,
        _ => null,
    };
}
