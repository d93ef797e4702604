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
            .Concat((otherProviders ?? string.Empty).Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
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

    public async Task<IActionResult> OnPostRevokeTokenAsync(string? id)
    {
        _placeOf = _ => AppTokensSection;
        await Grain.RevokeAppTokenAsync(Credentials, id ?? string.Empty);
        return await ShowAsync(StatusCodes.Status200OK, (AppTokensSection, "The app token was revoked: it no longer works."));
    }
}
