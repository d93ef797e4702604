using System.Security.Cryptography;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Grains;

/// <summary>App tokens: an AI app reads the plain values of chosen providers' keys, and every read is audited.</summary>
public sealed partial class UserKeysGrain
{
    public async Task<CreatedAppToken> CreateAppTokenAsync(CallerCredentials caller, AppTokenRequest request)
    {
        var session = RequireSession(caller);
        var now = time.GetUtcNow();
        var errors = AppTokenRequest.Validate(request.Name, request.Providers, request.ExpiresAt, now);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(messages => messages)), nameof(request));
        }

        var (token, secret) = AccessToken.Create(UserName, TokenKind.App);
        var appToken = new AppToken(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            request.Name.Trim(),
            [.. request.Providers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            now,
            request.ExpiresAt);

        await ChangeAsync(s =>
        {
            foreach (var (hash, _) in s.AppTokens.Where(pair => pair.Value.ExpiresAt <= now).ToList())
            {
                s.AppTokens.Remove(hash);
            }

            if (s.AppTokens.Count >= Security.MaxAppTokensPerUser)
            {
                throw new AccountConflictException($"An account may hold at most {Security.MaxAppTokensPerUser} app tokens: revoke one first.");
            }

            s.AppTokens[AccessToken.HashSecret(secret)] = appToken;
            return Changed(true, AccountAudit(session.Id, caller.ClientAddress, KeyAction.AppTokenCreated) with { AppTokenId = appToken.Id });
        });
        return new CreatedAppToken(ToInfo(appToken), token);
    }

    public Task<IReadOnlyList<AppTokenInfo>> ListAppTokensAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        var now = time.GetUtcNow();
        IReadOnlyList<AppTokenInfo> tokens = [.. state.State.AppTokens.Values
            .Where(token => token.ExpiresAt > now)
            .OrderByDescending(token => token.CreatedAt)
            .Select(ToInfo)];
        return Task.FromResult(tokens);
    }

    public Task<bool> RevokeAppTokenAsync(CallerCredentials caller, string appTokenId)
    {
        var session = RequireSession(caller);
        return ChangeAsync(s =>
        {
            var hash = s.AppTokens.FirstOrDefault(pair => pair.Value.Id == appTokenId).Key;
            return hash is not null && s.AppTokens.Remove(hash)
                ? Changed(true, AccountAudit(session.Id, caller.ClientAddress, KeyAction.AppTokenRevoked) with { AppTokenId = appTokenId })
                : Unchanged(false);
        });
    }

    public async Task<KeyForUse?> UseKeyAsync(CallerCredentials appCaller, string provider, bool deploymentKeyAllowed)
    {
        var appToken = RequireAppToken(appCaller);
        if (!appToken.Providers.Contains(provider, StringComparer.Ordinal))
        {
            throw new ScopeDeniedException($"This app token was not given the {provider} key.");
        }

        KeyForUse? key;
        if (LiveKey(state.State, provider) is { } live)
        {
            if (!TryOpen(state.State, provider, live.Current, out var value))
            {
                throw new KeyStoreUnavailableException($"The stored {provider} key cannot be decrypted with the configured key-encryption keys.");
            }

            key = new KeyForUse(provider, KeySource.User, value, live.Current.Number, live.CurrentCheck?.LastValidAt);
        }
        else if (state.State.Keys.ContainsKey(provider))
        {
            throw new KeyStoreUnavailableException($"The stored {provider} key cannot be decrypted with the configured key-encryption keys.");
        }
        else
        {
            // The user's own key always wins; the deployment's key only fills a gap.
            key = deploymentKeyAllowed && deploymentKeys.For(provider) is { } fallback
                ? new KeyForUse(provider, KeySource.Deployment, fallback, Version: null)
                : null;
        }

        if (key is not null)
        {
            // Audited durably before the value leaves the grain, like a reveal.
            var action = key.Source == KeySource.User ? KeyAction.Used : KeyAction.UsedDeploymentKey;
            await ChangeAsync(_ => Changed(true, new AuditRecord(Guid.NewGuid(), provider, action, key.Version, time.GetUtcNow(), null, appCaller.ClientAddress, appToken.Id)));
        }

        return key;
    }

    private AppToken RequireAppToken(CallerCredentials caller)
    {
        if (caller?.TokenSecret is not { } secret
            || !state.State.AppTokens.TryGetValue(AccessToken.HashSecret(secret), out var appToken)
            || appToken.ExpiresAt <= time.GetUtcNow())
        {
            throw new SessionRejectedException("The app token is unknown, revoked or expired.");
        }

        return appToken;
    }

    private static AppTokenInfo ToInfo(AppToken token) => new(token.Id, token.Name, token.Providers, token.CreatedAt, token.ExpiresAt);
}
