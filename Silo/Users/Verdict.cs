using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Users;

/// <summary>A value, or a refusal written first: a wrong password is counted durably before the caller hears no.</summary>
public readonly record struct Verdict<T>(T? Value, KeyKeeperException? Refusal)
{
    public static implicit operator Verdict<T>(T value) => new(value, null);

    public static implicit operator Verdict<T>(KeyKeeperException refusal) => new(default, refusal);

    public T Unwrap() => Refusal is null ? Value! : throw Refusal;
}
