using System.Collections.Concurrent;

namespace KeyKeeper.Reliability.Tests;

/// <summary>
/// Every save attempt and what the service answered. One client writes each (user, provider) in
/// order, so the last acknowledged value is well defined; an attempt that failed or got no
/// answer may or may not have been applied, so it is also allowed as the final value if it came
/// after the last acknowledged one. Anything else is a lost (or phantom) write.
/// </summary>
public sealed class SaveLedger
{
    private readonly ConcurrentDictionary<(string User, string Provider), List<Attempt>> _attempts = new();

    public int Acknowledged => Count(Outcome.Acknowledged);

    public int Failed => Count(Outcome.Failed);

    public int NoAnswer => Count(Outcome.NoAnswer);

    public IEnumerable<(string User, string Provider)> Keys => _attempts.Keys;

    public void Record(string user, string provider, string value, Outcome outcome)
    {
        var attempts = _attempts.GetOrAdd((user, provider), _ => []);
        lock (attempts)
        {
            attempts.Add(new Attempt(value, outcome));
        }
    }

    /// <summary>The values the stored one may be: the last acknowledged, or any later unconfirmed attempt.</summary>
    public IReadOnlySet<string?> AllowedFinalValues(string user, string provider)
    {
        var attempts = _attempts[(user, provider)];
        lock (attempts)
        {
            var lastAcknowledged = attempts.FindLastIndex(a => a.Outcome == Outcome.Acknowledged);
            var allowed = attempts.Skip(lastAcknowledged + 1).Select(a => (string?)a.Value).ToHashSet();
            allowed.Add(lastAcknowledged >= 0 ? attempts[lastAcknowledged].Value : null);
            return allowed;
        }
    }

    private int Count(Outcome outcome) => _attempts.Values.Sum(attempts =>
    {
        lock (attempts)
        {
            return attempts.Count(a => a.Outcome == outcome);
        }
    });

    public enum Outcome
    {
        Acknowledged,
        Failed,
        NoAnswer,
    }

    private sealed record Attempt(string Value, Outcome Outcome);
}
