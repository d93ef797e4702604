namespace KeyKeeper.Testing;

/// <summary>
/// Proves that no saved key value reaches a log line or a request URL. Tests register every value
/// they save; every host's log lines are written here. Each arrival is checked against all that
/// came before it (a new line against every value, a new value against every line), so the order
/// in which xunit runs tests does not matter. A violation names the value only by a fingerprint.
/// </summary>
public sealed class LogLeakDetector
{
    /// <summary>Shorter values are not registered: they could appear in a line by chance.</summary>
    public const int MinimumValueLength = 16;

    /// <summary>
    /// Values made of fewer different characters are not registered either: a run like 4097 'x'
    /// (a test of the length limit) is part of any longer run of 'x' in a hostile URL.
    /// </summary>
    public const int MinimumDistinctCharacters = 8;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly List<(string Source, string Line)> _lines = [];
    private readonly List<string> _violations = [];

    /// <summary>The detector of this test process: every host logs to it, every saved value is registered in it.</summary>
    public static LogLeakDetector Shared { get; } = new();

    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public int ValueCount
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines.Select(l => l.Line)];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>A value's first four characters and its length: enough to find it, not enough to use it.</summary>
    public static string Fingerprint(string value) => $"'{value[..Math.Min(4, value.Length)]}…' ({value.Length} characters)";

    /// <summary>Registers a value a test saves (trimmed, as the service stores it) and checks every line so far.</summary>
    public void RegisterValue(string? value)
    {
        var trimmed = value?.Trim();
        if (trimmed is null || trimmed.Length < MinimumValueLength || trimmed.Distinct().Count() < MinimumDistinctCharacters)
        {
            return;
        }

        lock (_gate)
        {
            if (!_values.Add(trimmed))
            {
                return;
            }

            foreach (var (source, line) in _lines)
            {
                Check(trimmed, source, line, "log line");
            }
        }
    }

    /// <summary>Keeps a log line of <paramref name="source"/> (a category or process) and checks it against every value.</summary>
    public void Write(string source, string line)
    {
        lock (_gate)
        {
            _lines.Add((source, line));
            foreach (var value in _values)
            {
                Check(value, source, line, "log line");
            }
        }
    }

    /// <summary>Checks a request URL (path and query, raw and unescaped) against every value; URLs end up in access logs.</summary>
    public void CheckUrl(string source, Uri url)
    {
        var text = url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString;
        var unescaped = Uri.UnescapeDataString(text);
        lock (_gate)
        {
            foreach (var value in _values)
            {
                Check(value, source, text + "\n" + unescaped, "request URL");
            }
        }
    }

    /// <summary>Throws, listing the violations by fingerprint, when any value was seen where it must not be.</summary>
    public void AssertNoLeaks()
    {
        var violations = Violations;
        if (violations.Count > 0)
        {
            throw new InvalidOperationException(
                $"{violations.Count} key value(s) leaked ({LineCount} lines, {ValueCount} values checked):\n{string.Join('\n', violations)}");
        }
    }

    private void Check(string value, string source, string text, string where)
    {
        if (text.Contains(value, StringComparison.Ordinal))
        {
            _violations.Add($"key value {Fingerprint(value)} in a {where} of {source}");
        }
    }
}
