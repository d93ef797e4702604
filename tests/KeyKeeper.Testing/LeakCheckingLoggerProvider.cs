using System.Text;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Testing;

/// <summary>
/// Writes every log entry to a <see cref="LogLeakDetector"/> as one line: level, category,
/// formatted message, the state's values, every scope and its values, and the exception.
/// </summary>
/// <remarks>
/// It keeps its own scopes (no <see cref="ISupportExternalScope"/>): one instance serves several
/// hosts, and each host's logger factory would replace the scope provider of the one before.
/// </remarks>
public sealed class LeakCheckingLoggerProvider(LogLeakDetector detector) : ILoggerProvider
{
    private readonly LoggerExternalScopeProvider _scopes = new();

    public LogLeakDetector Detector => detector;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private static void AppendValues(StringBuilder line, object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (name, value) in values)
            {
                line.Append(' ').Append(name).Append('=').Append(value);
            }
        }
    }

    private sealed class Logger(string category, LeakCheckingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            AppendValues(line, state);
            owner._scopes.ForEachScope(static (scope, line) =>
            {
                line.Append(" => ").Append(scope);
                AppendValues(line, scope);
            }, line);
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }

            owner.Detector.Write(category, line.ToString());
        }
    }
}
