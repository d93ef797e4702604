using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.AppHost.Health;

/// <summary>One named check of a service, as the service itself reports it.</summary>
public sealed class ServiceHealthEntryCheck(ServiceHealthProbe probe, string check, IHttpClientFactory httpClients) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answer = await probe.AskAsync(httpClients.CreateClient(ServiceHealthProbe.HttpClientName), cancellationToken);
        if (answer.Problem is not null)
        {
            return HealthCheckResult.Unhealthy(answer.Problem);
        }

        if (!answer.Checks.TryGetValue(check, out var status))
        {
            return HealthCheckResult.Unhealthy($"The service reports no check named '{check}'.");
        }

        // The service's health answer is public, so it carries no reasons: its logs do.
        return new HealthCheckResult(status, status == HealthStatus.Healthy ? null : "Reported by the service; its logs say why.");
    }
}
