using KeyKeeper.Silo.Storage;

namespace KeyKeeper.Silo.Users;

/// <summary>Who made a change, as the audit trail names them: a session, an app token, or the service itself (all null).</summary>
public sealed record Actor(string? SessionId, string? ClientAddress, string? AppTokenId = null)
{
    public static readonly Actor Service = new(null, null);

    public AuditEvent Did(string action, DateTimeOffset at, string? provider = null, int? version = null) =>
        new(Guid.NewGuid(), provider, action, version, at, SessionId, ClientAddress, AppTokenId);
}
