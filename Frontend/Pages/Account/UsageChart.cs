using System.Globalization;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>A bar per day of an app token's tokens (or requests, when its provider reports no tokens), drawn as SVG on the server: no script.</summary>
public static class UsageChart
{
    public const int Width = 300;
    public const int Height = 60;
    private const double Gap = 2;

    public sealed record Bar(DateOnly Day, long Requests, long Tokens, double X, double Width, double Height)
    {
        public string Label => string.Create(CultureInfo.InvariantCulture, $"{Day:yyyy-MM-dd}: {Requests:N0} requests, {Tokens:N0} tokens");

        /// <summary>SVG coordinates, written without the culture's decimal comma.</summary>
        public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }

    public static IReadOnlyList<Bar> Of(IReadOnlyList<UsageDay> usage, DateOnly first, int days)
    {
        var totals = Enumerable.Range(0, days).Select(i => first.AddDays(i))
            .Select(day => (Day: day, Rows: usage.Where(row => row.Day == day).ToList()))
            .Select(day => (day.Day, Requests: day.Rows.Sum(row => row.Requests), Tokens: day.Rows.Sum(row => row.InputTokens + row.OutputTokens)))
            .ToList();
        var byTokens = totals.Any(day => day.Tokens > 0);
        var highest = Math.Max(1, totals.Max(day => byTokens ? day.Tokens : day.Requests));
        var slot = (double)Width / days;
        return [.. totals.Select((day, i) =>
        {
            var value = byTokens ? day.Tokens : day.Requests;
            // A day with any use shows at least a sliver.
            var height = value == 0 ? 0 : Math.Max(1, (double)value / highest * Height);
            return new Bar(day.Day, day.Requests, day.Tokens, i * slot, slot - Gap, height);
        })];
    }
}
