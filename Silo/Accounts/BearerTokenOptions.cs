namespace KeyKeeper.Silo.Accounts;

/// <summary>How long bearer tokens live and how many one user may hold.</summary>
public sealed class BearerTokenOptions
{
    public const string SectionName = "Tokens";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Beyond this, logging in again retires the oldest session.</summary>
    public int MaxSessionsPerUser { get; set; } = 50;
}
