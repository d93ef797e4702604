using System.Diagnostics.Metrics;
using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Frontend.Telemetry;

/// <summary>
/// The frontend's part of <c>keykeeper.changes.failed</c> on the project's meter: key values
/// refused before any grain call (the API and the settings page check a value's shape first).
/// The silo counts the changes that reach a grain and fail there, by their other reasons.
/// </summary>
public static class FrontendMetrics
{
    /// <summary>The reason the silo counts for input it refuses, too.</summary>
    public const string InvalidInput = "invalid-input";

    private static readonly Meter Meter = new(ServiceDefaultsExtensions.TelemetryName);
    private static readonly Counter<long> ChangesFailed = Meter.CreateCounter<long>("keykeeper.changes.failed", "{change}", "Key changes refused or not saved, by reason.");

    public static void KeyValueRefused() => ChangesFailed.Add(1, new KeyValuePair<string, object?>("reason", InvalidInput));
}
