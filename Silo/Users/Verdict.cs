using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Users;

/// <summary>
/// A value, or a refusal that had to be written first: a wrong password is counted durably
/// (and audited) before the caller hears no, so the change succeeds and its result refuses.
/// </summary>
public readonly record struct Verdict<T>(T? Value, KeyKeeperException? Refusal)
{
    public static implicit operator Verdict<T>(T value) => new(value, null);

    public static implicit operator Verdict<T>(KeyKeeperException refusal) => new(default, refusal);

    public T Unwrap() => Refusal is null ? Value! : throw Refusal;
}
