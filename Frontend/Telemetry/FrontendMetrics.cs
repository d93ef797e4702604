using System.Diagnostics.Metrics;
using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Frontend.Telemetry;

/// <summary>Key values refused before any grain call; the silo counts the changes that fail in a grain.</summary>
public static class FrontendMetrics
{
    public const string InvalidInput = "invalid-input";

    private static readonly Meter Meter = new(ServiceDefaultsExtensions.TelemetryName);
    private static readonly Counter<long> ChangesFailed = Meter.CreateCounter<long>("keykeeper.changes.failed", "{change}", "Key changes refused or not saved, by reason.");

    public static void KeyValueRefused() => ChangesFailed.Add(1, new KeyValuePair<string, object?>("reason", InvalidInput));
}
