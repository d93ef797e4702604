using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.Frontend.Health;

/// <summary>A replica whose key ring does not decrypt can neither read session cookies nor render a form: it should get no traffic.</summary>
public sealed class DataProtectionHealthCheck(IDataProtectionProvider dataProtection) : IHealthCheck
{
    private readonly IDataProtector _probe = dataProtection.CreateProtector("KeyKeeper.Health.DataProtection");

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _probe.Protect([1]);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The Data Protection key ring cannot be used.", e));
        }
    }
}
