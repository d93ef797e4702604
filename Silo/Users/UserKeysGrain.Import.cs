using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;

namespace KeyKeeper.Silo.Grains;

/// <summary>The legacy import: a user arrives whole, in one write, or not at all.</summary>
public sealed partial class UserKeysGrain : IUserKeysImport
{
    public async Task<ImportOutcome> ImportLegacyUserAsync(LegacyUserImport user)
    {
        if (state.State.Account is not null)
        {
            return ImportOutcome.AlreadyExists;
        }

        var outcome = await ChangeAsync(s =>
        {
            // Checked again inside the change: a reload after a conflict may bring an account.
            if (s.Account is not null)
            {
                return Unchanged(ImportOutcome.AlreadyExists);
            }

            var now = time.GetUtcNow();
            var dataKey = EnsureDataKey(s);
            s.Account = new UserAccount(user.DisplayName, user.Email, LegacyAwarePasswordHasher.LegacyHash(user.LegacyPasswordSha256), user.CreatedAt);
            if (user.TotpSecret is { } secret)
            {
                s.TwoFactor = new TwoFactorState(KeyProtector.Seal(dataKey, secret, UserName, TotpSecretContext), EnabledAt: now, [], LastUsedStep: 0);
            }

            var audit = new List<AuditRecord> { AccountAudit(null, null, KeyAction.Imported) };
            foreach (var (provider, value) in user.Keys.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                s.Providers[provider] = new ProviderKey([new KeyVersion(1, KeyProtector.Seal(dataKey, value, UserName, provider), now, RestoredFrom: null)], DeletedAt: null);
                audit.Add(Audit(null, null, provider, KeyAction.Imported, 1));
            }

            return Changed(ImportOutcome.Imported, [.. audit]);
        });

        if (outcome == ImportOutcome.Imported)
        {
            LogImported(UserName, user.Keys.Count, user.TotpSecret is not null);
        }

        return outcome;
    }

    [LoggerMessage(LogLevel.Information, "User {UserName} was imported from the legacy app with {KeyCount} keys (2FA: {TwoFactor}).")]
    private partial void LogImported(string userName, int keyCount, bool twoFactor);
}
