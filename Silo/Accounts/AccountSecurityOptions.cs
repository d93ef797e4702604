using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Accounts;

public sealed class AccountSecurityOptions
{
    public const string SectionName = "AccountSecurity";

    public int FreeAttempts { get; set; } = 5;

    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan FailuresForgottenAfter { get; set; } = TimeSpan.FromHours(1);

    public string TotpIssuer { get; set; } = "KeyKeeper";

    public int RecoveryCodeCount { get; set; } = 10;

    public int MaxAppTokensPerUser { get; set; } = 50;

    /// <summary>How long a login's code step may take after the password was checked.</summary>
    public TimeSpan LoginChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>A count of 0 would lock a user out at the first typo, or leave 2FA or app tokens useless.</summary>
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
        checks.Duration(options.LoginChallengeLifetime, TimeSpan.FromHours(1));
    }
}
