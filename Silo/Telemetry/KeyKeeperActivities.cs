using System.Diagnostics;
using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Telemetry;

/// <summary>The project's own activity source, for work no library traces (a legacy import run).</summary>
public static class KeyKeeperActivities
{
    public static ActivitySource Source { get; } = new(ServiceDefaultsExtensions.TelemetryName);
}
