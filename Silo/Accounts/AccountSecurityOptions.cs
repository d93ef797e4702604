namespace KeyKeeper.Silo.Accounts;

/// <summary>Lockout after failed passwords or codes, and the 2FA settings.</summary>
public sealed class AccountSecurityOptions
{
    public const string SectionName = "AccountSecurity";

    /// <summary>Failures in a row that are answered without delay.</summary>
    public int FreeAttempts { get; set; } = 5;

    /// <summary>The lock after the last free failure; it doubles with every further failure.</summary>
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest lock.</summary>
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this (with none since) are forgotten.</summary>
    public TimeSpan FailuresForgottenAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The issuer an authenticator app shows next to the account.</summary>
    public string TotpIssuer { get; set; } = "KeyKeeper";

    /// <summary>Recovery codes issued when 2FA is turned on.</summary>
    public int RecoveryCodeCount { get; set; } = 10;

    /// <summary>App tokens one user may hold.</summary>
    public int MaxAppTokensPerUser { get; set; } = 50;
}
