using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>An app token as its owner sees it on the account page: its limits, and what it did through the gateway.</summary>
public sealed record ConnectedApp(AppTokenInfo Token, DateTimeOffset? LastUsedAt, long RequestsToday, long TokensToday, IReadOnlyList<UsageChart.Bar> Chart)
{
    /// <summary>Days in the chart, today the last.</summary>
    public const int ChartDays = 30;

    public static IReadOnlyList<ConnectedApp> Of(IReadOnlyList<AppTokenInfo> tokens, IReadOnlyList<UsageDay> usage, DateOnly today)
    {
        var byToken = usage.ToLookup(day => day.AppTokenId, StringComparer.Ordinal);
        return [.. tokens.Select(token =>
        {
            var days = byToken[token.Id].ToList();
            var todays = days.Where(day => day.Day == today).ToList();
            return new ConnectedApp(
                token,
                days.Count > 0 ? days.Max(day => day.LastUsedAt) : null,
                todays.Sum(day => day.Requests),
                todays.Sum(day => day.InputTokens + day.OutputTokens),
                UsageChart.Of(days, today.AddDays(1 - ChartDays), ChartDays));
        })];
    }
}
