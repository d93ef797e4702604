using Microsoft.Extensions.DependencyInjection;

namespace KeyKeeper.AppHost;

/// <summary>Dashboard commands that run a one-shot resource to its end and answer with the summary line it logged.</summary>
public static class OperatorCommandExtensions
{
    // The summary line may trail the exit in the console log by a moment.
    private static readonly TimeSpan SummaryGrace = TimeSpan.FromSeconds(10);

    private static readonly string[] ActiveStates =
        [KnownResourceStates.Waiting, KnownResourceStates.Starting, KnownResourceStates.Running, KnownResourceStates.Stopping];

    public static IResourceBuilder<ProjectResource> WithRunToEndCommand(
        this IResourceBuilder<ProjectResource> oneShot,
        string name,
        string displayName,
        string description,
        string[] summaryMarkers,
        string? confirmationMessage = null) =>
        oneShot.WithCommand(name, displayName,
            context => RunToEndAsync(oneShot.Resource, displayName, summaryMarkers, context),
            new CommandOptions
            {
                Description = description,
                ConfirmationMessage = confirmationMessage,
                IconName = "Play",
                IsHighlighted = true,
                // One run at a time: a second start would only restart the first.
                UpdateState = context => ActiveStates.Contains(context.ResourceSnapshot.State?.Text)
                    ? ResourceCommandState.Disabled
                    : ResourceCommandState.Enabled,
            });

    private static async Task<ExecuteCommandResult> RunToEndAsync(ProjectResource resource, string displayName, string[] summaryMarkers, ExecuteCommandContext context)
    {
        var cancellationToken = context.CancellationToken;
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        var commands = context.Services.GetRequiredService<ResourceCommandService>();

        // Subscribe before starting so no state change is missed: the watch first replays the
        // current (old) states, then follows every change.
        await using var events = notifications.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        if (!await events.MoveNextAsync())
        {
            return CommandResults.Canceled();
        }

        var logs = context.Services.GetRequiredService<ResourceLoggerService>();
        var (earlierSummaries, _) = await ReadSummariesAsync(logs, resource, summaryMarkers, cancellationToken);

        var started = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!started.Success)
        {
            return CommandResults.Failure($"{displayName}: '{resource.Name}' did not start: {started.Message}");
        }

        // The replay starts with the old run's final state: this run ends at a final state after an active one.
        var active = false;
        ResourceEvent? end = null;
        do
        {
            var current = events.Current;
            if (current.Resource != resource)
            {
                continue;
            }

            var state = current.Snapshot.State?.Text;
            if (ActiveStates.Contains(state))
            {
                active = true;
            }
            else if (active && KnownResourceStates.TerminalStates.Contains(state))
            {
                end = current;
                break;
            }
        }
        while (await events.MoveNextAsync());

        if (end is null)
        {
            return CommandResults.Canceled();
        }

        var exitCode = end.Snapshot.ExitCode;
        var summary = await FindNewSummaryAsync(logs, resource, summaryMarkers, earlierSummaries, cancellationToken)
            ?? $"'{resource.Name}' ended '{end.Snapshot.State?.Text}' (exit code {exitCode?.ToString() ?? "none"}); see its console log.";
        return exitCode == 0
            ? CommandResults.Success(summary)
            : CommandResults.Failure($"{summary} (exit code {exitCode?.ToString() ?? "none"})");
    }

    /// <summary>The last summary line of this run (one beyond the <paramref name="earlier"/> ones of earlier runs), or null.</summary>
    private static async Task<string?> FindNewSummaryAsync(ResourceLoggerService logs, IResource resource, string[] markers, int earlier, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + SummaryGrace;
        while (true)
        {
            var (count, last) = await ReadSummariesAsync(logs, resource, markers, cancellationToken);
            if (count > earlier)
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>How many log lines hold a marker, and the last one from its marker on (the console logger puts the category on the line before).</summary>
    private static async Task<(int Count, string? Last)> ReadSummariesAsync(ResourceLoggerService logs, IResource resource, string[] markers, CancellationToken cancellationToken)
    {
        var (count, last) = (0, (string?)null);
        await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                var at = markers.Select(marker => line.Content.IndexOf(marker, StringComparison.Ordinal)).Where(index => index >= 0).DefaultIfEmpty(-1).Min();
                if (at >= 0)
                {
                    (count, last) = (count + 1, line.Content[at..].Trim());
                }
            }
        }

        return (count, last);
    }
}
