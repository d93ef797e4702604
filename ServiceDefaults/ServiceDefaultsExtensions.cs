using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KeyKeeper.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";

    public const string TelemetryName = "KeyKeeper";

    public const string HealthPath = "/health";

    public const string SelfCheck = "self";

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
        // Errors go to standard error, where the AppHost looks for a failed resource's reason.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Error);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddValidatedSettings<TraceSampling, TraceSampling.Validator>(TraceSampling.SectionName);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(TelemetryName))
            .WithTracing(tracing => tracing
                .SetSampler(services => services.GetRequiredService<IOptions<TraceSampling>>().Value.SamplerIn(builder.Environment))
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

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }

    /// <summary>Like <c>RunAsync</c>, but a service that cannot start with its configuration logs why while its loggers still work, and returns 1.</summary>
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

    /// <summary>Why a host refused to start when its configuration is the reason (an <see cref="InvalidOperationException"/> from a start-up check counts); else null.</summary>
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
