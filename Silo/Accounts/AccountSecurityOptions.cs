using KeyKeeper.ServiceDefaults;

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

/// <summary>
/// Refuses counts below 1 (no free attempt would lock a user out at the first typo; no recovery
/// code or app token would make the feature useless), locks of 0 or less, a longest lock shorter
/// than the first, and an empty issuer.
/// </summary>
public sealed class AccountSecurityOptionsValidator() : SettingsValidator<AccountSecurityOptions>(AccountSecurityOptions.SectionName)
{
    protected override void Check(AccountSecurityOptions options, SettingChecks checks)
    {
        checks.AtLeast(options.FreeAttempts, 1);
        checks.Duration(options.FirstLockout);
        checks.Duration(options.MaxLockout);
        if (options.MaxLockout < options.FirstLockout)
        {
            checks.Refuse($"{checks.Setting(nameof(options.MaxLockout))} must be at least {checks.Setting(nameof(options.FirstLockout))} "
                + $"({options.FirstLockout:c}) (was {options.MaxLockout:c}).");
        }

        checks.Duration(options.FailuresForgottenAfter);
        checks.NotBlank(options.TotpIssuer);
        checks.AtLeast(options.RecoveryCodeCount, 1);
        checks.AtLeast(options.MaxAppTokensPerUser, 1);
    }
}
