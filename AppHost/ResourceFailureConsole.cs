using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.AppHost;

/// <summary>
/// Prints on the AppHost's console, for each resource that fails to start or exits with an
/// error, its name and its reason: the lines it wrote to standard error (the services log their
/// errors there), else its last lines. Without it the console says "Distributed application
/// started" while the frontend waits for a silo that has already given up, and only the
/// dashboard says why.
/// </summary>
internal sealed partial class ResourceFailureConsole(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<ResourceFailureConsole> logger) : BackgroundService
{
    private const int ReasonLines = 8;

    // The last lines of a process reach the log service shortly after its exit is reported.
    private static readonly TimeSpan LogSettleTime = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LogReadTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A replica that is restarted and fails again is reported again.
        var failed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var resourceEvent in notifications.WatchAsync(stoppingToken))
        {
            if (!IsFailure(resourceEvent.Snapshot))
            {
                failed.Remove(resourceEvent.ResourceId);
            }
            else if (!lifetime.ApplicationStopping.IsCancellationRequested && failed.Add(resourceEvent.ResourceId))
            {
                _ = ReportAsync(resourceEvent, stoppingToken);
            }
        }
    }

    public static bool IsFailure(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.FailedToStart ||
        (KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text) && snapshot.ExitCode is not (null or 0));

    private async Task ReportAsync(ResourceEvent failure, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(LogSettleTime, stoppingToken);
            var reason = await ReasonAsync(failure.ResourceId, stoppingToken);
            LogFailed(failure.Resource.Name, failure.ResourceId, failure.Snapshot.State?.Text, failure.Snapshot.ExitCode?.ToString() ?? "none",
                reason.Length == 0 ? "(it wrote nothing)" : string.Join(Environment.NewLine, reason));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<string[]> ReasonAsync(string resourceId, CancellationToken stoppingToken)
    {
        var lines = new List<LogLine>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(LogReadTimeout);
        try
        {
            await foreach (var batch in resourceLogs.GetAllAsync(resourceId).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // What was read before the timeout is the reason as far as it is known.
        }

        var errors = lines.Where(line => line.IsErrorMessage && !IsStackTrace(line.Content)).ToList();
        return (errors.Count > 0 ? errors : lines).TakeLast(ReasonLines).Select(line => line.Content).ToArray();
    }

    // A line holds its timestamp first; the exception's message is the reason, not where it was thrown.
    private static bool IsStackTrace(string content)
    {
        var text = content.AsSpan(content.IndexOf(' ') + 1).TrimStart();
        return text.StartsWith("at ", StringComparison.Ordinal) || text.StartsWith("--- End of", StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Resource '{Resource}' ({Replica}) failed ({State}, exit code {ExitCode}). It said:\n{Reason}")]
    private partial void LogFailed(string resource, string replica, string? state, string exitCode, string reason);
}
