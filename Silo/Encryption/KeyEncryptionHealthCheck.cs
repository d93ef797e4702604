using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.Silo.Encryption;

/// <summary>Ready only when a test decrypt against the database works.</summary>
public sealed class KeyEncryptionHealthCheck(KeyEncryptionCanary canary) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var problem = await canary.VerifyAsync(cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The key store database is unreachable.", e);
        }
    }
}
