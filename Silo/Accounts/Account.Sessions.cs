using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Silo.Accounts;

/// <summary>The account's sessions: listed, closed, revoked, and the expired ones dropped.</summary>
public sealed partial class Account
{
    public Change<bool> CloseSession(UserKeysState state, CallerCredentials caller) =>
        Change.Made(state.Sessions.Remove(AccessToken.HashSecret(caller.TokenSecret)));

    public IReadOnlyList<SessionInfo> Sessions(UserKeysState state, UserSession current)
    {
        var now = time.GetUtcNow();
        return [.. state.Sessions.Values
            .Where(session => session.ExpiresAt > now)
            .OrderByDescending(session => session.CreatedAt)
            .Select(session => new SessionInfo(session.Id, session.CreatedAt, session.ExpiresAt, session.Id == current.Id))];
    }

    public Change<bool> RevokeSession(UserKeysState state, string sessionId)
    {
        var now = time.GetUtcNow();
        var hash = state.Sessions.FirstOrDefault(pair => pair.Value.Id == sessionId && pair.Value.ExpiresAt > now).Key;
        return hash is not null && state.Sessions.Remove(hash)
            ? Change.Made(true)
            : throw KeyKeeperException.NotFound("There is no live session with this id.");
    }

    private static void RemoveExpired(Dictionary<string, UserSession> sessions, DateTimeOffset now)
    {
        foreach (var (hash, _) in sessions.Where(pair => pair.Value.ExpiresAt <= now).ToList())
        {
            sessions.Remove(hash);
        }
    }
}
