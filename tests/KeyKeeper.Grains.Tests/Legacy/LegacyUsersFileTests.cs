using System.Text;
using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Grains.Tests.Legacy;

public sealed class LegacyUsersFileTests : IDisposable
{
    private const string Hash = "0b5e591fcdd5d67aec12957391bdfe26a1c6ad8c16343e77fe603de1e03c9a2b";
    private const string Good = $$"""{ "password": "{{Hash}}", "api_keys": { "openai": "gAAAA-token" } }""";

    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void AMissingFileIsNamed()
    {
        var path = Path.Combine(_scratch.Path, "users.json");

        var error = Assert.Throws<LegacyImportException>(() => LegacyUsersFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void MalformedJsonIsNamedWithItsPosition()
    {
        var path = _scratch.Write("users.json", "{\n  \"alice\": { \"password\": \"x\" },\n  \"bob\": { oops }\n}");

        var error = Assert.Throws<LegacyImportException>(() => LegacyUsersFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not valid JSON at line 3, byte 12 of the line", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"alice\": {} ")]
    [InlineData("{ \"alice\": {}, }")]
    [InlineData("{} // comment")]
    public void TruncatedOrNonStrictJsonIsRefused(string content)
    {
        var path = _scratch.Write("users.json", content);

        var error = Assert.Throws<LegacyImportException>(() => LegacyUsersFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var path = Path.Combine(_scratch.Path, "users.json");
        File.WriteAllBytes(path, [.. "{\n  \"al"u8, 0xFF, .. "ice\": {}\n}"u8]);

        var error = Assert.Throws<LegacyImportException>(() => LegacyUsersFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not valid UTF-8 at line 2", error.Message);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"users\"", "a string")]
    [InlineData("null", "null")]
    public void ATopLevelOtherThanAnObjectIsRefused(string content, string kind)
    {
        var path = _scratch.Write("users.json", content);

        var error = Assert.Throws<LegacyImportException>(() => LegacyUsersFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"holds {kind} at the top level, not an object keyed by username", error.Message);
    }

    [Fact]
    public void AnEmptyObjectHasNoUsers() =>
        Assert.Empty(Read("{}").Users);

    [Fact]
    public void AByteOrderMarkIsAllowed()
    {
        var path = Path.Combine(_scratch.Path, "users.json");
        File.WriteAllText(path, $$"""{ "alice": {{Good}} }""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Empty(Assert.Single(LegacyUsersFile.Read(path).Users).Problems);
    }

    [Theory]
    [InlineData("\"password\": 5", "password is not a string of 64 hexadecimal digits")]
    [InlineData("\"password\": \"abc\"", "password is not a string of 64 hexadecimal digits")]
    [InlineData("\"password\": null", "password is missing")]
    [InlineData("\"email\": 1", "email is a number, not a string")]
    [InlineData("\"email\": \"\\\"a\\u0001b\\\"@example.com\"", "email cannot be used: The email address is not valid.")]
    [InlineData("\"email\": \"not-an-email\"", "email cannot be used")]
    [InlineData("\"created_at\": \"2025-05-05 23:15:00\"", "created_at is not a local time of the form YYYY-MM-DDTHH:MM:SS")]
    [InlineData("\"created_at\": \"2025-05-05T23:15:00Z\"", "created_at is not a local time")]
    [InlineData("\"created_at\": \"2025-02-30T23:15:00\"", "created_at is not a local time")]
    [InlineData("\"created_at\": 1746486900", "created_at is a number, not a string")]
    [InlineData("\"two_factor_enabled\": \"yes\"", "two_factor_enabled is a string, not a boolean")]
    [InlineData("\"two_factor_enabled\": true", "two_factor_enabled is true but totp_secret is missing or empty")]
    [InlineData("\"two_factor_enabled\": true, \"totp_secret\": \"\"", "two_factor_enabled is true but totp_secret is missing or empty")]
    [InlineData("\"totp_secret\": \"MPQGQAICMBAJHSQ1\"", "totp_secret is not base32")]
    [InlineData("\"totp_secret\": \"MPQ=GQAI\"", "totp_secret is not base32")]
    [InlineData("\"totp_secret\": \"MPQGQAICM\"", "totp_secret is not base32")]
    [InlineData("\"two_factor_enabled\": true, \"totp_secret\": \"MPQGQAIC\"", "totp_secret is 5 bytes; the service needs at least 10")]
    [InlineData("\"totp_secret\": []", "totp_secret is an array, not a string")]
    [InlineData("\"api_keys\": []", "api_keys is an array, neither an object nor null")]
    [InlineData("\"api_keys\": \"gAAAA\"", "api_keys is a string, neither an object nor null")]
    [InlineData("\"api_keys\": { \"openai\": 5 }", "api_keys 'openai' is a number, not a string")]
    [InlineData("\"api_keys\": { \"openai\": null }", "api_keys 'openai' is null, not a string")]
    [InlineData("\"api_keys\": { \"openai\": \"a\", \"openai\": \"b\" }", "api_keys provider 'openai' appears 2 times")]
    [InlineData("\"email\": \"a@example.com\", \"email\": \"b@example.com\"", "field 'email' appears 2 times")]
    public void AFieldProblemIsListedOnItsUserAlone(string fields, string problem)
    {
        var path = _scratch.Write("users.json", $$"""
            {
              "before": {{Good}},
              "broken": { {{(fields.Contains("\"password\"") ? fields : $"\"password\": \"{Hash}\", {fields}")}} },
              "after": {{Good}}
            }
            """);

        var users = LegacyUsersFile.Read(path).Users;

        Assert.Equal(["before", "broken", "after"], users.Select(user => user.Name));
        Assert.Contains(users[1].Problems, listed => listed.StartsWith(problem, StringComparison.Ordinal));
        Assert.Single(users[1].Problems);
        Assert.All([users[0], users[2]], user =>
        {
            Assert.Empty(user.Problems);
            Assert.Equal([new LegacyApiKey("openai", "gAAAA-token")], user.ApiKeys);
        });
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"pw\"", "a string")]
    [InlineData("null", "null")]
    public void AUserThatIsNotAnObjectIsAProblem(string value, string kind)
    {
        var users = Read($$"""{ "odd": {{value}}, "fine": {{Good}} }""").Users;

        Assert.Equal([$"the user's value is {kind}, not an object"], users[0].Problems);
        Assert.Empty(users[0].ApiKeys);
        Assert.Empty(users[1].Problems);
    }

    [Fact]
    public void AMissingPasswordIsAProblem() =>
        Assert.Equal(["password is missing"], Assert.Single(Read("""{ "alice": {} }""").Users).Problems);

    [Fact]
    public void AUsernameTwiceIsAProblemOnBothEntries()
    {
        var users = Read($$"""{ "alice": {{Good}}, "bob": {{Good}}, "alice": {{Good}} }""").Users;

        Assert.Equal(["alice", "bob", "alice"], users.Select(user => user.Name));
        Assert.Equal(["the username appears 2 times in the file"], users[0].Problems);
        Assert.Equal(["the username appears 2 times in the file"], users[2].Problems);
        Assert.Empty(users[1].Problems);
    }

    [Fact]
    public void UsernamesAreKeptExactlyAsWritten()
    {
        var users = Read($$"""{ "Zoe\u0308 ": {{Good}}, "zo\u00EB": {{Good}} }""").Users;

        Assert.Equal(["Zoe\u0308 ", "zo\u00EB"], users.Select(user => user.Name));
        Assert.All(users, user => Assert.Empty(user.Problems));
    }

    [Fact]
    public void OptionalFieldsMayBeMissingOrNull()
    {
        var users = Read($$"""
            {
              "bare": { "password": "{{Hash}}" },
              "nulls": { "password": "{{Hash}}", "email": null, "created_at": null, "two_factor_enabled": null,
                         "totp_secret": null, "api_keys": null },
              "empty": { "password": "{{Hash}}", "api_keys": {}, "totp_secret": "", "unknown": [1, 2] }
            }
            """).Users;

        Assert.All(users, user =>
        {
            Assert.Empty(user.Problems);
            Assert.Equal(Hash, user.PasswordSha256);
            Assert.Null(user.Email);
            Assert.Null(user.CreatedAt);
            Assert.False(user.TwoFactorEnabled);
            Assert.Null(user.TotpSecret);
            Assert.Empty(user.ApiKeys);
            Assert.Equal(0, user.EmptyKeysSkipped);
        });
    }

    [Fact]
    public void PasswordHashesAreLowerCased()
    {
        var user = Assert.Single(Read($$"""{ "alice": { "password": "{{Hash.ToUpperInvariant()}}" } }""").Users);

        Assert.Empty(user.Problems);
        Assert.Equal(Hash, user.PasswordSha256);
    }

    [Fact]
    public void TotpSecretsAreNormalizedFromSpacedLowerCasePaddedBase32()
    {
        var user = Assert.Single(Read($$"""
            { "alice": { "password": "{{Hash}}", "two_factor_enabled": true, "totp_secret": "mpqg qaic mbaj hsqy vw4m k7ex ub24 uxz=" } }
            """).Users);

        Assert.Empty(user.Problems);
        Assert.True(user.TwoFactorEnabled);
        Assert.Equal("MPQGQAICMBAJHSQYVW4MK7EXUB24UXZ", user.TotpSecret);
    }

    [Fact]
    public void EmptyKeyEntriesAreCountedAndOtherKeysKeptInOrder()
    {
        var user = Assert.Single(Read($$"""
            { "alice": { "password": "{{Hash}}", "api_keys": { "groq": "t1", "openai": "", "google": "t2", "x": "" } } }
            """).Users);

        Assert.Empty(user.Problems);
        Assert.Equal(2, user.EmptyKeysSkipped);
        Assert.Equal([new LegacyApiKey("groq", "t1"), new LegacyApiKey("google", "t2")], user.ApiKeys);
    }

    private LegacyUsersFile Read(string json) => LegacyUsersFile.Read(_scratch.Write("users.json", json));
}
