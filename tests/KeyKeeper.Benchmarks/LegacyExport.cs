using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KeyKeeper.Silo.Legacy;
using KeyKeeper.Testing;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// A legacy export as the old app wrote it (<c>users.json</c> and <c>.encryption_key</c>, see
/// tests/Fixtures/legacy-sample), with as many users as asked: 0-4 keys each of openai,
/// anthropic, google and groq (values of their shapes, sealed with a fresh Fernet key), some
/// entries empty (keys the old app had lost), some users with 2FA, some names with non-ASCII
/// letters or capitals. Users are made in parallel; every name is unique after normalization.
/// </summary>
public sealed record LegacyExport(string UsersFile, string KeyFile, int Users, int Keys, int EmptyKeys, int TwoFactorUsers, int NonAsciiNames, long Bytes)
{
    public static readonly string[] Providers = ["openai", "anthropic", "google", "groq"];

    // None ends in a digit (the user's number follows) and each has a letter beyond a-f (Orleans reads all-hex names as numbers).
    private static readonly string[] AsciiFirstNames = ["judy", "grace", "heidi", "mallory", "oscar", "trent", "victor", "walter", "peggy", "sybil", "ivan", "olivia"];
    private static readonly string[] NonAsciiFirstNames = ["zoë", "józef", "renée", "søren", "jürgen", "françois", "ólafur", "łukasz", "şule", "αλέξης", "дмитрий", "ñusta"];
    private static readonly int[] KeysPerUser = [0, 1, 1, 1, 2, 2, 2, 3, 3, 4];

    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Writes <paramref name="count"/> users and a fresh key into <paramref name="directory"/>.</summary>
    public static LegacyExport Write(string directory, int count)
    {
        // A Fernet key as Python's Fernet.generate_key() writes it: URL-safe base64 with padding.
        var keyText = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_');
        if (!FernetKey.TryParse(keyText, out var key, out var error))
        {
            throw new InvalidOperationException($"A generated Fernet key was refused: {error}");
        }

        var users = new User[count];
        Parallel.For(0, count, i => users[i] = User.Make(i, key));

        var usersFile = Path.Combine(directory, "users.json");
        using (var stream = File.Create(usersFile))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var user in users)
            {
                user.WriteTo(json);
            }

            json.WriteEndObject();
        }

        var keyFile = Path.Combine(directory, ".encryption_key");
        File.WriteAllText(keyFile, keyText + "\n");
        return new LegacyExport(usersFile, keyFile, count,
            Keys: users.Sum(user => user.ApiKeys.Count(pair => pair.Token.Length > 0)),
            EmptyKeys: users.Sum(user => user.ApiKeys.Count(pair => pair.Token.Length == 0)),
            TwoFactorUsers: users.Count(user => user.TotpSecret is not null),
            NonAsciiNames: users.Count(user => !Ascii.IsValid(user.Name)),
            Bytes: new FileInfo(usersFile).Length);
    }

    private sealed record User(string Name, string PasswordSha256, string? Email, DateTime CreatedAt, bool? TwoFactorEnabled, string? TotpSecret, IReadOnlyList<(string Provider, string Token)> ApiKeys)
    {
        private static readonly DateTime FirstSignUp = new(2019, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        public static User Make(int number, FernetKey key)
        {
            // Seeded by the user's number, so the same count makes the same users (but for the Fernet IVs and key).
            var random = new Random(number);
            var first = random.Next(8) == 0 ? NonAsciiFirstNames[random.Next(NonAsciiFirstNames.Length)] : AsciiFirstNames[random.Next(AsciiFirstNames.Length)];
            var name = (random.Next(10) == 0 ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(first) : first)
                + (random.Next(4) == 0 ? "." : "") + number.ToString(CultureInfo.InvariantCulture);
            var password = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"legacy password {number}")));
            var email = random.Next(10) == 0 ? null : $"user{number}@example.com";
            var createdAt = FirstSignUp.AddSeconds(random.NextInt64((long)TimeSpan.FromDays(6 * 365).TotalSeconds));
            var twoFactor = random.Next(10) switch
            {
                0 => true,
                1 => false,
                _ => (bool?)null,
            };
            var secret = twoFactor == true ? Text(random, Base32, 32) : null;
            var keys = Providers.OrderBy(_ => random.Next()).Take(KeysPerUser[random.Next(KeysPerUser.Length)])
                .Select(provider => (provider, random.Next(20) == 0 ? ""
                    : Fernet.Encrypt(key, Encoding.UTF8.GetBytes(TestKeyValues.Shaped(provider, Text(random, Alphanumeric, 64))))))
                .ToList();
            return new User(name, password, email, createdAt, twoFactor, secret, keys);
        }

        public void WriteTo(Utf8JsonWriter json)
        {
            json.WriteStartObject(Name);
            json.WriteString("password", PasswordSha256);
            if (Email is not null)
            {
                json.WriteString("email", Email);
            }

            json.WriteString("created_at", CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            json.WriteStartObject("api_keys");
            foreach (var (provider, token) in ApiKeys)
            {
                json.WriteString(provider, token);
            }

            json.WriteEndObject();
            if (TwoFactorEnabled is { } enabled)
            {
                json.WriteBoolean("two_factor_enabled", enabled);
            }

            if (TotpSecret is not null)
            {
                json.WriteString("totp_secret", TotpSecret);
            }

            json.WriteEndObject();
        }

        private static string Text(Random random, string alphabet, int length) =>
            string.Create(length, (random, alphabet), (chars, state) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
                }
            });
    }
}
