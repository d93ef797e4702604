using System.Diagnostics;
using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.Hosting.Internal;
using OpenTelemetry.Trace;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The sampler every service builds from <c>Telemetry:TraceSampleRatio</c>. Tested on its
/// decisions: in one test process every host's listener sees every span, so a host's own
/// sampling cannot be observed end to end here (the benchmark measures what it saves).
/// </summary>
public sealed class TraceSamplingTests
{
    private const int Traces = 20_000;

    [Fact]
    public void OutsideDevelopmentOneTraceInTwentyStartsRecordedAndDevelopmentRecordsEvery()
    {
        Assert.InRange(RecordedShareOfNewTraces(new TraceSampling().SamplerIn(Environment("Production"))), 0.04, 0.06);
        Assert.Equal(1.0, RecordedShareOfNewTraces(new TraceSampling().SamplerIn(Environment("Development"))));
        Assert.InRange(RecordedShareOfNewTraces(new TraceSampling { TraceSampleRatio = 0.5 }.SamplerIn(Environment("Development"))), 0.48, 0.52);
        Assert.Equal(0.0, RecordedShareOfNewTraces(new TraceSampling { TraceSampleRatio = 0 }.SamplerIn(Environment("Production"))));
    }

    [Fact]
    public void ASpanFollowsItsParentsDecisionSoATraceIsRecordedWholeOrNotAtAll()
    {
        var sampler = new TraceSampling { TraceSampleRatio = 0.5 }.SamplerIn(Environment("Production"));
        for (var i = 0; i < 1_000; i++)
        {
            var trace = ActivityTraceId.CreateRandom();
            var root = sampler.ShouldSample(new SamplingParameters(default, trace, "GET /api/keys", ActivityKind.Server)).Decision;
            var parent = new ActivityContext(trace, ActivitySpanId.CreateRandom(),
                root == SamplingDecision.RecordAndSample ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
            // The grain call in the silo, a child of the frontend's span carried over the wire.
            var child = sampler.ShouldSample(new SamplingParameters(parent, trace, "IUserKeyRing/ListKeys", ActivityKind.Server)).Decision;
            Assert.Equal(root, child);
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ARatioOutsideZeroToOneIsRefused(double ratio) =>
        Assert.True(new TraceSampling.Validator().Validate(null, new TraceSampling { TraceSampleRatio = ratio }).Failed);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void TheEndsOfTheRangeAreAllowed(double ratio) =>
        Assert.True(new TraceSampling.Validator().Validate(null, new TraceSampling { TraceSampleRatio = ratio }).Succeeded);

    private static double RecordedShareOfNewTraces(Sampler sampler) =>
        Enumerable.Range(0, Traces)
            .Count(_ => sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "GET /api/keys", ActivityKind.Server)).Decision
                == SamplingDecision.RecordAndSample) / (double)Traces;

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };
}
