using KeyKeeper.Silo.Storage;

namespace KeyKeeper.Silo.Users;

/// <summary>What a change to a user's state returns, and the events to commit with it; no events (null) means nothing changed and nothing is written.</summary>
public readonly record struct Change<T>(T Result, IReadOnlyList<AuditEvent>? Events)
{
    public bool IsWrite => Events is not null;
}

public static class Change
{
    public static Change<T> Made<T>(T result, params IReadOnlyList<AuditEvent> events) => new(result, events);

    public static Change<T> None<T>(T result) => new(result, null);
}
