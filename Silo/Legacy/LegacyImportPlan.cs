using System.Text;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Legacy;

/// <summary>What an import would do, worked out in memory before anything is written.</summary>
public sealed class LegacyImportPlan
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private LegacyImportPlan(IReadOnlyList<PlannedUser> users, IReadOnlyList<ImportFailure> failures, IReadOnlyList<IReadOnlyList<string>> collisions, int emptyKeysSkipped)
    {
        Users = users;
        Failures = failures;
        Collisions = collisions;
        EmptyKeysSkipped = emptyKeysSkipped;
    }

    public IReadOnlyList<PlannedUser> Users { get; }

    public IReadOnlyList<ImportFailure> Failures { get; }

    public IReadOnlyList<IReadOnlyList<string>> Collisions { get; }

    public int EmptyKeysSkipped { get; }

    public static LegacyImportPlan Create(LegacyUsersFile file, FernetKey key)
    {
        var failures = new List<ImportFailure>();
        var byName = file.Users
            .Select(user => (User: user, Normalized: UserName.TryNormalize(user.Name, out var normalized, out var error) ? normalized : null, NameError: error))
            .ToList();

        foreach (var (user, _, error) in byName.Where(entry => entry.Normalized is null))
        {
            failures.Add(new ImportFailure(user.Name, null, $"The username cannot be used: {error}"));
        }

        var groups = byName.Where(entry => entry.Normalized is not null).GroupBy(entry => entry.Normalized!, StringComparer.Ordinal).ToList();
        var collisions = groups.Where(group => group.Count() > 1).Select(group => (IReadOnlyList<string>)[.. group.Select(entry => entry.User.Name)]).ToList();
        foreach (var collision in collisions)
        {
            failures.AddRange(collision.Select(name => new ImportFailure(name, null,
                $"The username collides after normalization with {string.Join(", ", collision.Where(other => other != name).Select(other => $"'{other}'"))}; none of them is imported.")));
        }

        var users = new List<PlannedUser>();
        foreach (var (user, normalized, _) in groups.Where(group => group.Count() == 1).Select(group => group.Single()))
        {
            var userFailures = Check(user, key, out var import);
            if (userFailures.Count > 0)
            {
                failures.AddRange(userFailures);
            }
            else
            {
                users.Add(new PlannedUser(normalized!, import!));
            }
        }

        return new LegacyImportPlan(users, failures, collisions, file.Users.Sum(user => user.EmptyKeysSkipped));
    }

    private static List<ImportFailure> Check(LegacyUser user, FernetKey key, out LegacyUserImport? import)
    {
        import = null;
        var failures = user.Problems.Select(problem => new ImportFailure(user.Name, null, problem)).ToList();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var apiKey in user.ApiKeys)
        {
            if (!ProviderName.IsValid(apiKey.Provider))
            {
                failures.Add(new ImportFailure(user.Name, apiKey.Provider, ProviderName.Rule));
                continue;
            }

            if (!Fernet.TryDecrypt(key, apiKey.Token, out var plain, out var decryptError))
            {
                failures.Add(new ImportFailure(user.Name, apiKey.Provider, $"The key does not decrypt with this .encryption_key: {decryptError}"));
                continue;
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(plain);
            }
            catch (ArgumentException)
            {
                failures.Add(new ImportFailure(user.Name, apiKey.Provider, "The decrypted key is not UTF-8 text."));
                continue;
            }

            // Trimmed as FORMAT.md says; a key that is only white space carries nothing to import.
            if (text.Trim().Length == 0)
            {
                continue;
            }

            // The general rules only (printable, not masked, not too long): the provider's shape
            // check is for new pastes, and refusing an old key for its shape would lose it.
            if (!KeyValue.TryNormalize(text, out var value, out var valueError))
            {
                failures.Add(new ImportFailure(user.Name, apiKey.Provider, valueError));
                continue;
            }

            keys[apiKey.Provider] = value;
        }

        if (failures.Count > 0 || user.PasswordSha256 is null)
        {
            return failures;
        }

        var createdAt = user.CreatedAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch;
        import = new LegacyUserImport(user.Name, user.Email, createdAt, user.PasswordSha256, user.TwoFactorEnabled ? user.TotpSecret : null, keys);
        return failures;
    }
}
