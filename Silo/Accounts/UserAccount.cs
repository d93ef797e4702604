namespace KeyKeeper.Silo.Accounts;

/// <summary>The account: the name as the user typed it, and the password hash (never the password).</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Email,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] DateTimeOffset CreatedAt);
