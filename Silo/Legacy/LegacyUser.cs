namespace KeyKeeper.Silo.Legacy;

/// <summary>
/// One account of <c>users.json</c>, as written: the name is not normalized and the keys are not
/// decrypted. A field that is missing, <c>null</c> or malformed is <c>null</c> here (<c>false</c>
/// for the 2FA flag), and a malformed one also adds a line to <see cref="Problems"/>.
/// </summary>
/// <param name="Name">The username exactly as the file spells it.</param>
/// <param name="PasswordSha256">Unsalted SHA-256 of the UTF-8 password: 64 lowercase hex digits.</param>
/// <param name="Email">As written, not trimmed or checked.</param>
/// <param name="CreatedAt">
/// The legacy app's local time; the file holds no zone, so the kind is
/// <see cref="DateTimeKind.Unspecified"/> and no zone is guessed here.
/// </param>
/// <param name="TwoFactorEnabled">Whether TOTP 2FA was on; missing means off.</param>
/// <param name="TotpSecret">
/// The base32 secret, upper-cased with spaces and <c>=</c> padding removed; kept even when 2FA is off.
/// </param>
/// <param name="ApiKeys">The non-empty <c>api_keys</c> entries, in file order.</param>
/// <param name="EmptyKeysSkipped">How many <c>api_keys</c> entries were <c>""</c> (keys the old app lost).</param>
/// <param name="Problems">What is wrong with this user; empty when nothing is.</param>
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
