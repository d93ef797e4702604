using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// <c>Telemetry:TraceSampleRatio</c>: the share of traces recorded. The decision is made once, where
/// a trace starts (a request to the frontend), and every process the trace reaches follows it
/// (parent-based), so a trace is either whole or not recorded at all. Development records every
/// trace; elsewhere the default keeps one in twenty. Errors do not depend on it: they are logged
/// and counted in the metrics whether or not their trace was sampled.
/// </summary>
public sealed class TraceSampling
{
    public const string SectionName = "Telemetry";

    public const double DefaultRatioOutsideDevelopment = 0.05;

    public double? TraceSampleRatio { get; set; }

    public double RatioIn(IHostEnvironment environment) =>
        TraceSampleRatio ?? (environment.IsDevelopment() ? 1.0 : DefaultRatioOutsideDevelopment);

    public Sampler SamplerIn(IHostEnvironment environment) => RatioIn(environment) switch
    {
        >= 1.0 => new ParentBasedSampler(new AlwaysOnSampler()),
        var ratio => new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)),
    };

    public sealed class Validator() : SettingsValidator<TraceSampling>(SectionName)
    {
        protected override void Check(TraceSampling options, SettingChecks checks)
        {
            if (options.TraceSampleRatio is { } ratio && !(ratio is >= 0 and <= 1))
            {
                checks.Refuse($"{checks.Setting(nameof(TraceSampleRatio))} must be a share of traces from 0 to 1 (0.05 keeps one in twenty; 1 keeps all).");
            }
        }
    }
}
