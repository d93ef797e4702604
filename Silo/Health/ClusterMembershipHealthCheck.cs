using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.Silo.Health;

/// <summary>Ready only when this silo is Active and Orleans' own health participants report no stalled work.</summary>
public sealed class ClusterMembershipHealthCheck(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IEnumerable<IHealthCheckParticipant> participants,
    TimeProvider time) : IHealthCheck
{
    private DateTime _lastCheck = time.GetUtcNow().UtcDateTime;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lastCheck = _lastCheck;
        _lastCheck = time.GetUtcNow().UtcDateTime;

        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"This silo is {status} in the cluster's membership, not Active."));
        }

        foreach (var participant in participants)
        {
            if (!participant.CheckHealth(lastCheck, out var reason))
            {
                return Task.FromResult(HealthCheckResult.Unhealthy(reason));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
