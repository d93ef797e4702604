using System.Security.Cryptography;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Storage;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Silo.Accounts;

public sealed class AppTokens(string userName, AccountSecurityOptions security, AccessTokenKey tokenKey, TimeProvider time)
{
    public Change<Verdict<CreatedAppToken>> Create(UserKeysState state, Actor actor, AppTokenRequest request, Reauthentication proof, Account account, TwoFactor twoFactor)
    {
        var now = time.GetUtcNow();
        var errors = AppTokenRequest.Validate(request.Name, request.Providers, request.ExpiresAt, now);
        foreach (var (field, messages) in AppTokenLimits.Validate(request.Limits))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            var (field, messages) = errors.First();
            throw KeyKeeperException.InvalidInput(field, string.Join(" ", messages));
        }

        foreach (var (hash, _) in state.AppTokens.Where(pair => pair.Value.ExpiresAt <= now).ToList())
        {
            state.AppTokens.Remove(hash);
        }

        if (state.AppTokens.Count >= security.MaxAppTokensPerUser)
        {
            throw KeyKeeperException.Conflict($"An account may hold at most {security.MaxAppTokensPerUser} app tokens: revoke one first.");
        }

        if (account.Reauthenticate<CreatedAppToken>(state, actor, proof, twoFactor) is { } refused)
        {
            return refused;
        }

        var (token, secret) = AccessToken.Create(userName, tokenKey, TokenKind.App);
        var appToken = new AppToken(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            request.Name.Trim(),
            [.. request.Providers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            now,
            request.ExpiresAt,
            request.Limits);
        state.AppTokens[AccessToken.HashSecret(secret)] = appToken;
        return Change.Made(new Verdict<CreatedAppToken>(new CreatedAppToken(appToken.ToInfo(), token), null), (actor with { AppTokenId = appToken.Id }).Did(AuditAction.AppTokenCreated, now));
    }

    public IReadOnlyList<AppTokenInfo> List(UserKeysState state)
    {
        var now = time.GetUtcNow();
        return [.. state.AppTokens.Values.Where(token => token.ExpiresAt > now).OrderByDescending(token => token.CreatedAt).Select(token => token.ToInfo())];
    }

    public Change<bool> Revoke(UserKeysState state, Actor actor, string appTokenId)
    {
        var hash = state.AppTokens.FirstOrDefault(pair => pair.Value.Id == appTokenId).Key;
        return hash is not null && state.AppTokens.Remove(hash)
            ? Change.Made(true, (actor with { AppTokenId = appTokenId }).Did(AuditAction.AppTokenRevoked, time.GetUtcNow()))
            : throw KeyKeeperException.NotFound("There is no app token with this id.");
    }

    public Change<AppTokenInfo> ChangeLimits(UserKeysState state, Actor actor, string appTokenId, AppTokenLimits limits)
    {
        if (AppTokenLimits.Validate(limits).FirstOrDefault() is { Key: { } field, Value: { } messages })
        {
            throw KeyKeeperException.InvalidInput(field, string.Join(" ", messages));
        }

        var now = time.GetUtcNow();
        var (hash, appToken) = state.AppTokens.FirstOrDefault(pair => pair.Value.Id == appTokenId && pair.Value.ExpiresAt > now);
        if (hash is null)
        {
            throw KeyKeeperException.NotFound("There is no app token with this id.");
        }

        var changed = appToken with { Limits = limits };
        state.AppTokens[hash] = changed;
        return Change.Made(changed.ToInfo(), (actor with { AppTokenId = appTokenId }).Did(AuditAction.AppTokenLimitsChanged, now));
    }

    /// <summary>Revokes every app token, as a password or 2FA change does: whoever stole a session may have made one. Returns the audit events.</summary>
    public IReadOnlyList<AuditEvent> RevokeAll(UserKeysState state, Actor actor, DateTimeOffset now)
    {
        var revoked = state.AppTokens.Values.Where(token => token.ExpiresAt > now)
            .Select(token => (actor with { AppTokenId = token.Id }).Did(AuditAction.AppTokenRevoked, now)).ToList();
        state.AppTokens.Clear();
        return revoked;
    }

    private AppToken RequireScope(UserKeysState state, CallerCredentials caller, string provider)
    {
        if (caller?.TokenSecret is not { } secret
            || !state.AppTokens.TryGetValue(AccessToken.HashSecret(secret), out var appToken)
            || appToken.ExpiresAt <= time.GetUtcNow())
        {
            throw KeyKeeperException.SessionRejected("The app token is unknown, revoked or expired.");
        }

        return appToken.Providers.Contains(provider, StringComparer.Ordinal)
            ? appToken
            : throw KeyKeeperException.NotAllowed($"This app token was not given the {provider} key.");
    }

    public Change<KeyForUse> Use(UserKeysState state, CallerCredentials caller, string provider, KeyRing keys, string? deploymentKey)
    {
        var (key, appToken) = Open(state, caller, provider, keys, deploymentKey);
        var action = key.Source == KeySource.User ? AuditAction.Used : AuditAction.UsedDeploymentKey;
        return Change.Made(key, new Actor(null, caller.ClientAddress, appToken.Id).Did(action, time.GetUtcNow(), provider, key.Version));
    }

    /// <summary>The key for the gateway to send to the provider: checked as <see cref="Use"/> is, but not written (a request is no change of state).</summary>
    public (GatewayGrant Grant, AppToken AppToken) OpenForGateway(UserKeysState state, CallerCredentials caller, string provider, KeyRing keys, string? deploymentKey)
    {
        var (key, appToken) = Open(state, caller, provider, keys, deploymentKey);
        return (new GatewayGrant(key, appToken.Id, appToken.Limits ?? AppTokenLimits.None), appToken);
    }

    private (KeyForUse Key, AppToken AppToken) Open(UserKeysState state, CallerCredentials caller, string provider, KeyRing keys, string? deploymentKey)
    {
        var appToken = RequireScope(state, caller, provider);
        if (KeyRing.Has(state, provider))
        {
            var (value, live) = keys.Open(state, provider);
            return (new KeyForUse(provider, KeySource.User, value, live.Current.Number, live.CurrentCheck?.LastValidAt), appToken);
        }

        return deploymentKey is not null
            ? (new KeyForUse(provider, KeySource.Deployment, deploymentKey, Version: null), appToken)
            : throw KeyRing.NoSuchKey(provider);
    }
}
