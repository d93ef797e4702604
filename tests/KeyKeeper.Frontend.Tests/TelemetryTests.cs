using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// A silo and a frontend of their own (a separate cluster on the suite's database), each with
/// every exporter's output captured in memory, so the test sees what a dashboard would receive.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TelemetryTests(AppFixture fixture)
{
    [Fact]
    public async Task OneSaveIsOneTraceAndNoExporterCarriesAKeyValue()
    {
        var deployment = $"telemetry-tests-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            [TestDeployment.ClusterIdSetting] = deployment,
            [TestDeployment.ServiceIdSetting] = deployment,
            ["Orleans:SiloPort"] = LoopbackPort.Next().ToString(),
            ["Orleans:GatewayPort"] = LoopbackPort.Next().ToString(),
        };
        TelemetryCapture siloTelemetry = new(), frontendTelemetry = new();
        await using var silo = await SiloHost.StartAsync(settings, fixture.Logs, siloTelemetry.AddTo);
        await using var frontend = new FrontendFactory(settings, fixture.Logs, configureServices: frontendTelemetry.AddTo);
        frontend.StartServer();
        using var client = frontend.CreateDefaultClient(new SavedKeyValueHandler(LogLeakDetector.Shared));

        var saved = TestKeyValues.New("openai");
        var refused = TestKeyValues.New("openai");
        LogLeakDetector.Shared.RegisterValue(saved);
        LogLeakDetector.Shared.RegisterValue(refused);

        var token = await ApiClient.SignUpAndLoginAsync(client);
        await client.SaveKeyAsync(token, "openai", saved);
        var reveal = await client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token);
        Assert.Equal(saved, (await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        var create = await client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token,
            new { name = "telemetry", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1), password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var appToken = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var used = await client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken);
        Assert.Equal(saved, (await used.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        // An OpenAI key in the Anthropic slot: refused by the frontend, and the refusal must not echo it.
        await (await client.SendAsync(HttpMethod.Put, "/api/keys/anthropic", token, new { value = refused })).AssertProblemAsync(HttpStatusCode.BadRequest);
        // A save over a version that is not the current one: refused by the grain.
        using var stale = ApiClient.Request(HttpMethod.Put, "/api/keys/openai", token, new { value = refused });
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        await (await client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        // The server span ends just after the response is sent: wait for the whole trace.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<Activity> spans;
        while (SaveTrace(spans = [.. siloTelemetry.Spans, .. frontendTelemetry.Spans]) is not { } trace || !IsComplete(spans, trace))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No save trace with HTTP, Orleans and Npgsql spans among: {string.Join(", ", spans.Select(s => $"{s.Source.Name}:{s.DisplayName}").Distinct())}");
            await Task.Delay(100);
        }

        TelemetryCapture.Flush(silo.Services);
        TelemetryCapture.Flush(frontend.Services);
        var metrics = (IReadOnlyList<OpenTelemetry.Metrics.MetricSnapshot>)[.. siloTelemetry.Metrics, .. frontendTelemetry.Metrics];
        Assert.True(Total(metrics, "keykeeper.keys.saved") >= 1, "keykeeper.keys.saved was not reported");
        Assert.True(Total(metrics, "keykeeper.keys.revealed") >= 1, "keykeeper.keys.revealed was not reported");
        Assert.True(Total(metrics, "keykeeper.keys.used") >= 1, "keykeeper.keys.used was not reported");
        Assert.True(Total(metrics, "keykeeper.changes.failed", ("reason", "invalid-input")) >= 1, "keykeeper.changes.failed{reason=invalid-input} was not reported");
        Assert.True(Total(metrics, "keykeeper.changes.failed", ("reason", "version-conflict")) >= 1, "keykeeper.changes.failed{reason=version-conflict} was not reported");
        Assert.True(Total(metrics, "keykeeper.grains.activations") >= 1, "keykeeper.grains.activations was not reported");
        Assert.True(Total(metrics, "keykeeper.grains.active") >= 1, "keykeeper.grains.active was not reported");

        var logs = (IReadOnlyList<string>)[.. siloTelemetry.Logs, .. frontendTelemetry.Logs];
        var exported = spans.Select(span => ("span", TelemetryCapture.Describe(span)))
            .Concat(metrics.Select(metric => ("metric", TelemetryCapture.Describe(metric))))
            .Concat(logs.Select(log => ("log record", log)));
        foreach (var (kind, text) in exported)
        {
            foreach (var value in new[] { saved, refused })
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"A {kind} carries key value {LogLeakDetector.Fingerprint(value)}: {text.Replace(value, "<value>", StringComparison.Ordinal)}");
            }
        }

        // Not vacuous: the captured output covered the requests that carried the values.
        Assert.Contains(logs, log => log.Contains("/api/keys/openai/reveal", StringComparison.Ordinal));
        Assert.Contains(spans, span => span.Source.Name == "Npgsql");
    }

    /// <summary>The trace of the frontend's server span for the save (PUT /api/keys/{provider}).</summary>
    private static ActivityTraceId? SaveTrace(IReadOnlyList<Activity> spans) =>
        spans.FirstOrDefault(span => span.Source.Name == "Microsoft.AspNetCore" && span.Kind == ActivityKind.Server
            && span.GetTagItem("http.request.method") as string == "PUT"
            && span.GetTagItem("http.route") as string == "/api/keys/{provider}")?.TraceId;

    private static bool IsComplete(IReadOnlyList<Activity> spans, ActivityTraceId trace) =>
        spans.Any(span => span.TraceId == trace && span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal))
        && spans.Any(span => span.TraceId == trace && span.Source.Name == "Npgsql");

    /// <summary>The largest exported sum of the project's instrument <paramref name="name"/>, over the points carrying <paramref name="tag"/> when given.</summary>
    private static long Total(IReadOnlyList<OpenTelemetry.Metrics.MetricSnapshot> metrics, string name, (string Key, string Value)? tag = null) =>
        metrics.Where(metric => metric.MeterName == "KeyKeeper" && metric.Name == name)
            .Select(metric => metric.MetricPoints.Where(point => tag is not { } wanted || HasTag(point, wanted)).Sum(point => point.GetSumLong()))
            .DefaultIfEmpty(0)
            .Max();

    private static bool HasTag(OpenTelemetry.Metrics.MetricPoint point, (string Key, string Value) wanted)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == wanted.Key && Equals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }
}
