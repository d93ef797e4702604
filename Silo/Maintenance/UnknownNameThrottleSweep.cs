using KeyKeeper.Silo.Accounts;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Maintenance;

/// <summary>Deletes the failure counts of unknown names once neither a lockout nor the count can apply any more.</summary>
public sealed partial class UnknownNameThrottleSweep(
    UnknownNameThrottles throttles,
    IOptions<AccountSecurityOptions> security,
    TimeProvider time,
    ILogger<UnknownNameThrottleSweep> logger) : PeriodicSweep(time)
{
    protected override TimeSpan? Period => TimeSpan.FromHours(1);

    protected override void OnSwept(int count) => LogDeleted(count);

    protected override void OnSweepFailed(Exception exception) => LogSweepFailed(exception);

    public override Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var options = security.Value;
        var outlived = options.FailuresForgottenAfter > options.MaxLockout ? options.FailuresForgottenAfter : options.MaxLockout;
        return throttles.DeleteOlderThanAsync(Time.GetUtcNow() - outlived, cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Deleted {Count} failed-login counts of unknown names.")]
    private partial void LogDeleted(int count);

    [LoggerMessage(LogLevel.Warning, "Sweeping the failed-login counts of unknown names failed; the next sweep tries again.")]
    private partial void LogSweepFailed(Exception exception);
}
