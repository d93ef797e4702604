using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.Frontend.Health;

/// <summary>Ready only when the cluster answers and a test decrypt against the database works.</summary>
public sealed class KeyStoreHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var problem = await grains.GetGrain<IKeyStoreProbeGrain>(0).CheckAsync().WaitAsync(Timeout, cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The key store cluster does not answer.", e);
        }
    }
}
