namespace KeyKeeper.Silo.Legacy;

/// <summary>One account of <c>users.json</c> as written; a missing or malformed field is null (a malformed one is also in <see cref="Problems"/>).</summary>
public sealed record LegacyUser(
    string Name,
    string? PasswordSha256,
    string? Email,
    DateTime? CreatedAt,
    bool TwoFactorEnabled,
    string? TotpSecret,
    IReadOnlyList<LegacyApiKey> ApiKeys,
    int EmptyKeysSkipped,
    IReadOnlyList<string> Problems)
{
    // The generated ToString would print the password hash and the TOTP secret.
    public override string ToString() =>
        $"LegacyUser {{ Name = {Name}, ApiKeys = {ApiKeys.Count}, Problems = {Problems.Count} }}";
}
