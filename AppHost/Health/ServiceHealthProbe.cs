using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.AppHost.Health;

/// <summary>
/// One request answers all of a resource's checks, which the AppHost runs together, for up to a second.
/// With replicas the endpoint is the shared proxy, so an answer is one replica's.
/// </summary>
public sealed class ServiceHealthProbe(EndpointReference endpoint, string path)
{
    public const string HttpClientName = "service-health";

    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Task<ServiceHealthAnswer>? _answer;
    private DateTimeOffset _askedAt;

    public Task<ServiceHealthAnswer> AskAsync(HttpClient http, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_answer is null || now - _askedAt > Fresh)
            {
                _answer = FetchAsync(http);
                _askedAt = now;
            }

            return _answer.WaitAsync(cancellationToken);
        }
    }

    // Not tied to one caller's token: the answer is shared.
    private async Task<ServiceHealthAnswer> FetchAsync(HttpClient http)
    {
        if (!endpoint.IsAllocated)
        {
            return ServiceHealthAnswer.Failed("Not started yet.");
        }

        var uri = new Uri(new Uri(endpoint.Url), path);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var response = await http.GetAsync(uri, timeout.Token);
            // 503 is the answer of a service with an unhealthy check; it still names every check.
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            {
                return ServiceHealthAnswer.Failed($"{path} answered {(int)response.StatusCode}.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            var checks = json.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(
                check => check.Name,
                check => Enum.TryParse<HealthStatus>(check.Value.GetString(), out var status) ? status : HealthStatus.Unhealthy,
                StringComparer.Ordinal);
            return new ServiceHealthAnswer(checks, Problem: null);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ServiceHealthAnswer.Failed($"No answer from {path}: {exception.Message}");
        }
    }
}

public sealed record ServiceHealthAnswer(IReadOnlyDictionary<string, HealthStatus> Checks, string? Problem)
{
    public static ServiceHealthAnswer Failed(string problem) => new(new Dictionary<string, HealthStatus>(), problem);
}
