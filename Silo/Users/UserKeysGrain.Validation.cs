using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Validation;

namespace KeyKeeper.Silo.Grains;

/// <summary>
/// Checking keys with their providers. The value is decrypted here and handed only to
/// <see cref="ProviderValidator"/>; the verdict, never the value, is recorded with the version it
/// concerns and an audit record. The provider is asked inside the grain's turn: simple and
/// race-free, and bounded by the validator's short timeout.
/// </summary>
public sealed partial class UserKeysGrain
{
    public async Task<KeyValidation?> ValidateKeyAsync(CallerCredentials caller, string provider)
    {
        var session = RequireSession(caller);
        var live = LiveKey(state.State, provider);
        if (live is null)
        {
            return state.State.Keys.ContainsKey(provider)
                ? new KeyValidation(KeyValidationStatus.Unreadable, time.GetUtcNow(), null, UnreadableDetail)
                : null;
        }

        if (!TryOpen(state.State, provider, live.Current, out var value))
        {
            return new KeyValidation(KeyValidationStatus.Unreadable, time.GetUtcNow(), live.CurrentCheck?.LastValidAt, UnreadableDetail);
        }

        if (!validator.CanCheck(provider))
        {
            return new KeyValidation(KeyValidationStatus.NotCheckable, time.GetUtcNow(), null, $"No check endpoint is known for {provider}.");
        }

        var answer = await validator.CheckAsync(provider, value, CancellationToken.None);
        var recorded = await RecordChecksAsync([(provider, live.Current.Number, answer)], session, caller);
        return recorded is [var check] ? check.ToValidation()
            // Replaced while the provider was asked (only possible after a reload): the answer was not recorded.
            : new KeyValidation(answer.Status, time.GetUtcNow(), null, answer.Detail);
    }

    public async Task<int> ValidateDueKeysAsync(DateTimeOffset checkedBefore)
    {
        var due = new List<(string Provider, int Version, string Value)>();
        foreach (var (provider, key) in state.State.Providers)
        {
            if (!key.IsDeleted && validator.CanCheck(provider) && !(key.CurrentCheck?.CheckedAt > checkedBefore)
                && TryOpen(state.State, provider, key.Current, out var value))
            {
                due.Add((provider, key.Current.Number, value));
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        // One user's providers are different hosts: ask them together, so the turn lasts one timeout at most.
        var answers = await Task.WhenAll(due.Select(key => validator.CheckAsync(key.Provider, key.Value, CancellationToken.None)));
        var recorded = await RecordChecksAsync([.. due.Select((key, i) => (key.Provider, key.Version, answers[i]))], session: null, caller: null);
        return recorded.Count;
    }

    private const string UnreadableDetail = "The stored value cannot be decrypted, so it was not checked.";

    /// <summary>
    /// Records the answers, each for the version that was checked (a version no longer current is
    /// skipped), with a <see cref="KeyAction.Validated"/> audit record each, in one write.
    /// </summary>
    private async Task<IReadOnlyList<KeyCheck>> RecordChecksAsync(
        IReadOnlyList<(string Provider, int Version, ProviderCheck Answer)> answers, UserSession? session, CallerCredentials? caller)
    {
        var now = time.GetUtcNow();
        return await ChangeAsync(s =>
        {
            var checks = new List<KeyCheck>();
            var audit = new List<AuditRecord>();
            foreach (var (provider, version, answer) in answers)
            {
                if (LiveKey(s, provider) is not { } live || live.Current.Number != version)
                {
                    continue;
                }

                var lastValid = answer.Status == KeyValidationStatus.Valid ? now : live.CurrentCheck?.LastValidAt;
                var check = new KeyCheck(version, answer.Status, now, lastValid, answer.Detail);
                s.Providers[provider] = live with { Validation = check };
                checks.Add(check);
                LogKeyValidated(UserName, provider, version, answer.Status, answer.Detail);
                audit.Add(Audit(session, caller, provider, KeyAction.Validated, version));
            }

            return checks.Count > 0 ? Changed<IReadOnlyList<KeyCheck>>(checks, [.. audit]) : Unchanged<IReadOnlyList<KeyCheck>>(checks);
        });
    }

    [LoggerMessage(LogLevel.Information, "Checked version {Version} of the {Provider} key of user {UserName} with the provider: {Status} ({Detail}).")]
    private partial void LogKeyValidated(string userName, string provider, int version, KeyValidationStatus status, string detail);
}
