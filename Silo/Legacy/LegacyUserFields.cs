using System.Buffers;
using System.Globalization;
using System.Text.Json;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;

namespace KeyKeeper.Silo.Legacy;

/// <summary>One legacy user's fields, each checked on its own: every problem is listed, none stops the others.</summary>
internal static class LegacyUserFields
{
    private const string CreatedAtFormat = "yyyy-MM-dd'T'HH:mm:ss";
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> Base32Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");

    public static LegacyUser ReadUser(JsonProperty entry, int occurrences)
    {
        var problems = new List<string>();
        if (occurrences > 1)
        {
            problems.Add($"the username appears {occurrences} times in the file");
        }

        if (entry.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"the user's value is {Kind(entry.Value.ValueKind)}, not an object");
            return new LegacyUser(entry.Name, null, null, null, false, null, [], 0, problems);
        }

        var fields = DistinctEntries(entry.Value, "field", problems)
            .ToDictionary(field => field.Name, field => field.Value, StringComparer.Ordinal);

        var password = ReadPassword(fields, problems);
        var email = ReadEmail(fields, problems);
        var createdAt = ReadCreatedAt(fields, problems);
        var twoFactor = ReadTwoFactorEnabled(fields, problems);
        var totpSecret = ReadTotpSecret(fields, twoFactor, problems);
        var (apiKeys, emptyKeys) = ReadApiKeys(fields, problems);
        return new LegacyUser(entry.Name, password, email, createdAt, twoFactor, totpSecret, apiKeys, emptyKeys, problems);
    }

    private static string? ReadPassword(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        if (!fields.TryGetValue("password", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add("password is missing");
            return null;
        }

        var password = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (password.Length != 64 || password.AsSpan().IndexOfAnyExcept(HexDigits) >= 0)
        {
            problems.Add("password is not a string of 64 hexadecimal digits (an unsalted SHA-256)");
            return null;
        }

        return password.ToLowerInvariant();
    }

    private static string? ReadEmail(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        // The sign-up's rules: an address it would refuse must not reach the stored state either.
        if (EmailAddress.TryNormalize(OptionalString(fields, "email", problems), out var email, out var error))
        {
            return email;
        }

        problems.Add($"email cannot be used: {error}");
        return null;
    }

    private static DateTime? ReadCreatedAt(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        var text = OptionalString(fields, "created_at", problems);
        if (text is null)
        {
            return null;
        }

        // DateTimeStyles.None keeps DateTimeKind.Unspecified: the legacy app's zone is not known.
        if (DateTime.TryParseExact(text, CreatedAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var createdAt))
        {
            return createdAt;
        }

        problems.Add("created_at is not a local time of the form YYYY-MM-DDTHH:MM:SS");
        return null;
    }

    private static bool ReadTwoFactorEnabled(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        if (!fields.TryGetValue("two_factor_enabled", out var value))
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False or JsonValueKind.Null:
                return false;
            default:
                problems.Add($"two_factor_enabled is {Kind(value.ValueKind)}, not a boolean");
                return false;
        }
    }

    private static string? ReadTotpSecret(Dictionary<string, JsonElement> fields, bool twoFactor, List<string> problems)
    {
        var text = OptionalString(fields, "totp_secret", problems);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (twoFactor)
            {
                problems.Add("two_factor_enabled is true but totp_secret is missing or empty");
            }

            return null;
        }

        // Authenticator apps show secrets in spaced groups and some writers keep the '=' padding.
        var secret = text.Replace(" ", "").TrimEnd('=').ToUpperInvariant();
        // RFC 4648: 1, 3 or 6 characters past a whole 8-character group cannot end a base32 text.
        if (secret.Length == 0 || secret.AsSpan().IndexOfAnyExcept(Base32Alphabet) >= 0 || secret.Length % 8 is 1 or 3 or 6)
        {
            problems.Add("totp_secret is not base32 (RFC 4648: letters A-Z and digits 2-7)");
            return null;
        }

        // Refused here, not at the user's first login, where the service would not take it.
        if (!TwoFactorCodes.TryParseBase32(secret, out var bytes))
        {
            problems.Add($"totp_secret is {bytes.Length} bytes; the service needs at least {TwoFactorCodes.MinSecretBytes}");
            return null;
        }

        return secret;
    }

    private static (IReadOnlyList<LegacyApiKey> Keys, int EmptySkipped) ReadApiKeys(
        Dictionary<string, JsonElement> fields, List<string> problems)
    {
        if (!fields.TryGetValue("api_keys", out var apiKeys) || apiKeys.ValueKind == JsonValueKind.Null)
        {
            return ([], 0);
        }

        if (apiKeys.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"api_keys is {Kind(apiKeys.ValueKind)}, neither an object nor null");
            return ([], 0);
        }

        var keys = new List<LegacyApiKey>();
        var emptySkipped = 0;
        foreach (var entry in DistinctEntries(apiKeys, "api_keys provider", problems))
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add($"api_keys '{entry.Name}' is {Kind(entry.Value.ValueKind)}, not a string");
            }
            else if (entry.Value.GetString() is "")
            {
                // A key the old app lost: there is nothing to import (FORMAT.md).
                emptySkipped++;
            }
            else
            {
                keys.Add(new LegacyApiKey(entry.Name, entry.Value.GetString()!));
            }
        }

        return (keys, emptySkipped);
    }

    private static List<JsonProperty> DistinctEntries(JsonElement obj, string what, List<string> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<JsonProperty>();
        foreach (var entry in obj.EnumerateObject())
        {
            seen[entry.Name] = seen.GetValueOrDefault(entry.Name) + 1;
            if (seen[entry.Name] == 1)
            {
                entries.Add(entry);
            }
        }

        problems.AddRange(seen.Where(name => name.Value > 1)
            .Select(name => $"{what} '{name.Key}' appears {name.Value} times"));
        return entries;
    }

    private static string? OptionalString(Dictionary<string, JsonElement> fields, string name, List<string> problems)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        problems.Add($"{name} is {Kind(value.ValueKind)}, not a string");
        return null;
    }

    public static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
