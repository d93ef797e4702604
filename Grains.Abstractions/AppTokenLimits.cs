namespace KeyKeeper.Grains.Abstractions;

/// <summary>What an app token may do through the gateway; a null limit is no limit.</summary>
/// <param name="RequestsPerMinute">Requests it may start in any minute.</param>
/// <param name="TokensPerDay">Input and output tokens it may use in a UTC day, counted from the providers' answers.</param>
/// <param name="Models">The model names it may ask for; <c>*</c> stands for any run of characters (e.g. <c>gpt-4o*</c>).</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AppTokenLimits")]
public sealed record AppTokenLimits(
    [property: Id(0)] int? RequestsPerMinute = null,
    [property: Id(1)] long? TokensPerDay = null,
    [property: Id(2)] IReadOnlyList<string>? Models = null)
{
    public const int MaxRequestsPerMinute = 100_000;
    public const long MaxTokensPerDay = 1_000_000_000_000;
    public const int MaxModels = 50;
    public const int MaxModelLength = 128;

    public static readonly AppTokenLimits None = new();

    /// <summary>Errors by field (<c>limits.requestsPerMinute</c>, …); none when the limits are valid.</summary>
    public static Dictionary<string, string[]> Validate(AppTokenLimits? limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (limits is null)
        {
            return errors;
        }

        if (limits.RequestsPerMinute is < 1 or > MaxRequestsPerMinute)
        {
            errors["limits.requestsPerMinute"] = [$"requestsPerMinute is 1 to {MaxRequestsPerMinute:N0}, or null for no limit."];
        }

        if (limits.TokensPerDay is < 1 or > MaxTokensPerDay)
        {
            errors["limits.tokensPerDay"] = [$"tokensPerDay is 1 to {MaxTokensPerDay:N0}, or null for no limit."];
        }

        if (limits.Models is { } models
            && (models.Count is 0 or > MaxModels || models.Any(model => string.IsNullOrWhiteSpace(model) || model.Length > MaxModelLength || model.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))))
        {
            errors["limits.models"] = [$"models is 1 to {MaxModels} model names of up to {MaxModelLength} characters without spaces ('*' for any run of characters), or null for any model."];
        }

        return errors;
    }

    /// <summary>Whether <paramref name="model"/> is one this token may ask for.</summary>
    public bool Allows(string? model) =>
        Models is not { Count: > 0 } patterns || (model is not null && patterns.Any(pattern => Matches(pattern, model)));

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.Equals(text, StringComparison.OrdinalIgnoreCase);
        }

        if (!text.StartsWith(pattern[..star], StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        for (var i = star; i <= text.Length; i++)
        {
            if (Matches(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
