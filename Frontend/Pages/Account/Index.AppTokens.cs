using System.Globalization;
using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>App tokens: create (name, providers, expiry; the token is shown once) and revoke.</summary>
public sealed partial class IndexModel
{
    public const string AppTokensSection = "app-tokens";

    public const int DefaultTokenDays = 90;

    /// <summary>The last day a token may be chosen to work through: within <see cref="AppTokenRequest.MaxLifetime"/>.</summary>
    public const int MaxTokenDays = 365;

    private const string DateFormat = "yyyy-MM-dd";

    public CreatedAppToken? CreatedToken { get; private set; }

    public string? TokenName { get; private set; }

    public IReadOnlyCollection<string> TokenProviders { get; private set; } = [];

    public string? OtherProviders { get; private set; }

    public string? TokenExpiresOn { get; private set; }

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnPostCreateTokenAsync(string? name, string[]? providers, string? otherProviders, string? expiresOn, string? password, string? code)
    {
        // A wrong password or code (the grain's refusal, no field) is shown at the password.
        _placeOf = field => field switch
        {
            "name" => "token-name",
            "providers" => "token-providers",
            "expiresAt" => "token-expires",
            "code" => "token-code",
            _ => "token-password",
        };
        (TokenName, OtherProviders, TokenExpiresOn) = (name, otherProviders, expiresOn);
        TokenProviders = [.. (providers ?? []).Where(p => !string.IsNullOrWhiteSpace(p))];
        // Providers outside the catalogue are typed in, separated by commas or spaces; names are lower case.
        List<string?> chosen = [.. TokenProviders
            .Concat(Names(otherProviders))
            .Select(p => p.Trim().ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)];

        // The token works through the chosen day: it stops at the next midnight, UTC.
        DateTimeOffset? expiresAt = DateOnly.TryParseExact(expiresOn, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
        var problems = AppTokenRequest.Validate(name, chosen, expiresAt, time.GetUtcNow());
        if (problems.ContainsKey("expiresAt"))
        {
            problems["expiresAt"] = [$"Choose a day from {FormatDate(Today)} to {FormatDate(Today.AddDays(MaxTokenDays))}."];
        }

        foreach (var (field, messages) in AccountRules.RequirePassword(password))
        {
            problems[field] = messages;
        }

        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        CreatedToken = await Grain.CreateAppTokenAsync(Credentials,
            new AppTokenRequest(name!.Trim(), [.. chosen.OfType<string>()], expiresAt!.Value), new Reauthentication(password, code));
        (TokenName, TokenProviders, OtherProviders, TokenExpiresOn) = (null, [], null, null);
        return await ShowAsync(StatusCodes.Status200OK);
    }

    /// <summary>Replaces a token's limits; an empty field is no limit. The form names its fields by the token, so a problem shows at the right one.</summary>
    public async Task<IActionResult> OnPostLimitsAsync(string? id, string? requestsPerMinute, string? tokensPerDay, string? models)
    {
        var token = id ?? string.Empty;
        _placeOf = field => field switch
        {
            "limits.requestsPerMinute" => $"rpm-{token}",
            "limits.tokensPerDay" => $"tpd-{token}",
            "limits.models" => $"models-{token}",
            _ => AppTokensSection,
        };
        var problems = new Dictionary<string, string[]>();
        var limits = new AppTokenLimits(
            Whole(requestsPerMinute, "limits.requestsPerMinute", problems) is { } rpm ? (int)Math.Min(rpm, int.MaxValue) : null,
            Whole(tokensPerDay, "limits.tokensPerDay", problems),
            Names(models) is { Length: > 0 } names ? names : null);
        foreach (var (field, messages) in AppTokenLimits.Validate(limits))
        {
            problems.TryAdd(field, messages);
        }

        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        var changed = await Grain.ChangeAppTokenLimitsAsync(Credentials, token, limits);
        return await ShowAsync(StatusCodes.Status200OK, (AppTokensSection, $"The limits of “{changed.Name}” were changed: they apply to its next request."));
    }

    /// <summary>Names typed into one field, separated by commas or spaces.</summary>
    private static string[] Names(string? text) => (text ?? string.Empty).Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static long? Whole(string? text, string field, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems[field] = ["A whole number, or empty for no limit."];
        return null;
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(string? id)
    {
        _placeOf = _ => AppTokensSection;
        await Grain.RevokeAppTokenAsync(Credentials, id ?? string.Empty);
        return await ShowAsync(StatusCodes.Status200OK, (AppTokensSection, "The app token was revoked: it no longer works."));
    }
}
