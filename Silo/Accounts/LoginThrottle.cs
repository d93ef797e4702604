namespace KeyKeeper.Silo.Accounts;

/// <summary>
/// Failed passwords and codes in a row, and when the last one was. After
/// <see cref="AccountSecurityOptions.FreeAttempts"/> of them the account is locked for
/// <see cref="AccountSecurityOptions.FirstLockout"/>, doubling with each further failure up to
/// <see cref="AccountSecurityOptions.MaxLockout"/>. While locked, nothing is checked at all, so a
/// guesser learns nothing and costs nothing; a success clears the count.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LoginThrottle")]
public sealed record LoginThrottle(
    [property: Id(0)] int Failures,
    [property: Id(1)] DateTimeOffset LastFailureAt)
{
    /// <summary>How long the account stays locked from <paramref name="now"/>; null when it is not locked.</summary>
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

    /// <summary>The throttle after one more failure at <paramref name="now"/>.</summary>
    public static LoginThrottle AfterFailure(LoginThrottle? current, DateTimeOffset now, AccountSecurityOptions options) =>
        current is null || now - current.LastFailureAt > options.FailuresForgottenAfter
            ? new LoginThrottle(1, now)
            : new LoginThrottle(current.Failures + 1, now);
}
