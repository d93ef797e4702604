namespace KeyKeeper.Silo.Accounts;

[GenerateSerializer, Immutable, Alias("keykeeper.LoginThrottle")]
public sealed record LoginThrottle(
    [property: Id(0)] int Failures,
    [property: Id(1)] DateTimeOffset LastFailureAt)
{
    public TimeSpan? LockedFor(DateTimeOffset now, AccountSecurityOptions options)
    {
        if (Failures < options.FreeAttempts)
        {
            return null;
        }

        // Doubling saturates at the maximum: a long run of failures must never wrap around to no lock.
        var doublings = Failures - options.FreeAttempts;
        var lockout = doublings >= 62 || options.FirstLockout.Ticks > options.MaxLockout.Ticks >> doublings
            ? options.MaxLockout
            : TimeSpan.FromTicks(options.FirstLockout.Ticks << doublings);
        var remaining = LastFailureAt + lockout - now;
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    public static LoginThrottle AfterFailure(LoginThrottle? current, DateTimeOffset now, AccountSecurityOptions options) =>
        current is null || now - current.LastFailureAt > options.FailuresForgottenAfter
            ? new LoginThrottle(1, now)
            : new LoginThrottle(current.Failures + 1, now);
}
