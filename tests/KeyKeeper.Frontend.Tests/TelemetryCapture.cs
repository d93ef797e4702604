using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// Every exporter's output of one host, kept in memory: spans and metrics through the in-memory
/// exporter, log records as the text an exporter would send (body, message, attributes, scopes).
/// Added next to the host's own exporters, so it sees exactly what they see.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly LockedCollection<Activity> _spans = [];
    private readonly LockedCollection<MetricSnapshot> _metrics = [];
    private readonly LockedCollection<string> _logs = [];

    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    public IReadOnlyList<MetricSnapshot> Metrics => _metrics.Snapshot();

    public IReadOnlyList<string> Logs => _logs.Snapshot();

    /// <summary>Adds the capturing exporters to a host's OpenTelemetry providers.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        // Exported only when the test flushes: the periodic reader's interval is longer than any test.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(new LogTextExporter(_logs))));
    }

    /// <summary>Exports what the host's providers still hold (metrics above all).</summary>
    public static void Flush(IServiceProvider host)
    {
        host.GetRequiredService<TracerProvider>().ForceFlush();
        host.GetRequiredService<MeterProvider>().ForceFlush();
        host.GetRequiredService<LoggerProvider>().ForceFlush();
    }

    /// <summary>Everything of a span an exporter sends as text: names, tags, events, status.</summary>
    public static string Describe(Activity span)
    {
        var text = new StringBuilder().Append(span.Source.Name).Append(' ').Append(span.DisplayName).Append(' ').Append(span.OperationName)
            .Append(' ').Append(span.StatusDescription);
        AppendTags(text, span.TagObjects);
        AppendTags(text, span.Baggage.Select(pair => new KeyValuePair<string, object?>(pair.Key, pair.Value)));
        foreach (var e in span.Events)
        {
            text.Append(" event ").Append(e.Name);
            AppendTags(text, e.Tags);
        }

        return text.ToString();
    }

    /// <summary>A metric's name and every tag of every point.</summary>
    public static string Describe(MetricSnapshot metric)
    {
        var text = new StringBuilder().Append(metric.MeterName).Append(' ').Append(metric.Name);
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        return text.ToString();
    }

    private static void AppendTags(StringBuilder text, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var (name, value) in tags)
        {
            text.Append(' ').Append(name).Append('=').Append(value);
        }
    }

    private sealed class LogTextExporter(LockedCollection<string> lines) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var text = new StringBuilder().Append(record.CategoryName).Append(' ').Append(record.Body).Append(' ').Append(record.FormattedMessage);
                AppendTags(text, record.Attributes ?? []);
                record.ForEachScope(static (scope, text) =>
                {
                    text.Append(" => ").Append(scope.Scope);
                    foreach (var (name, value) in scope)
                    {
                        text.Append(' ').Append(name).Append('=').Append(value);
                    }
                }, text);
                text.Append(' ').Append(record.Exception);
                lines.Add(text.ToString());
            }

            return ExportResult.Success;
        }
    }

    /// <summary>Exporters of two hosts add concurrently (every host's listener sees every span in the process).</summary>
    private sealed class LockedCollection<T> : Collection<T>
    {
        private readonly Lock _gate = new();

        public IReadOnlyList<T> Snapshot()
        {
            lock (_gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }

        protected override void ClearItems()
        {
            lock (_gate)
            {
                base.ClearItems();
            }
        }
    }
}
