using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Grains.Tests.Legacy;

/// <summary>The real sample export against its expected.json, which holds what a correct import yields.</summary>
public sealed class LegacySampleTests
{
    private static readonly string UsersPath = Fixtures.Path("legacy-sample", "users.json");
    private static readonly string KeyPath = Fixtures.Path("legacy-sample", ".encryption_key");

    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("legacy-sample", "expected.json"))).RootElement;

    [Fact]
    public void TheSampleReadsAsItsFourteenUsersInFileOrderWithoutProblems()
    {
        var file = LegacyUsersFile.Read(UsersPath);

        Assert.Equal(14, file.Users.Count);
        Assert.Equal(Expected.EnumerateObject().Select(user => user.Name), file.Users.Select(user => user.Name));
        Assert.All(file.Users, user => Assert.Empty(user.Problems));
        Assert.Contains(file.Users, user => user.Name == "zo\u00EB.m\u00FCller");
    }

    [Fact]
    public void EveryKeyDecryptsAndTrimsToTheExpectedValue()
    {
        var key = LegacyKeyFile.Read(KeyPath);

        foreach (var user in LegacyUsersFile.Read(UsersPath).Users)
        {
            var decrypted = user.ApiKeys.Select(apiKey =>
            {
                Assert.True(Fernet.TryDecrypt(key, apiKey.Token, out var plaintext, out var error), $"{user.Name}/{apiKey.Provider}: {error}");
                return (apiKey.Provider, Value: Encoding.UTF8.GetString(plaintext).Trim());
            });
            var expected = Expected.GetProperty(user.Name).GetProperty("api_keys").EnumerateObject()
                .Select(entry => (Provider: entry.Name, Value: entry.Value.GetString()!));

            Assert.Equal(expected, decrypted);
        }
    }

    [Fact]
    public void EmptyKeyEntriesAreCountedNotListed()
    {
        var users = LegacyUsersFile.Read(UsersPath).Users.ToDictionary(user => user.Name);

        var zoe = users["zo\u00EB.m\u00FCller"];
        Assert.Equal(1, zoe.EmptyKeysSkipped);
        Assert.Equal(["openai"], zoe.ApiKeys.Select(apiKey => apiKey.Provider));
        Assert.Empty(users["nullkeys"].ApiKeys);
        Assert.Empty(users["dave373937"].ApiKeys);
        Assert.Empty(users["grace912825"].ApiKeys);
        Assert.Equal(1, users.Values.Sum(user => user.EmptyKeysSkipped));
    }

    [Fact]
    public void PasswordHashesAreTheSha256OfTheExpectedPasswords()
    {
        foreach (var user in LegacyUsersFile.Read(UsersPath).Users)
        {
            var password = Expected.GetProperty(user.Name).GetProperty("password").GetString()!;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

            Assert.Equal(hash, user.PasswordSha256);
        }
    }

    [Fact]
    public void TwoFactorFlagsSecretsAndEmailsMatch()
    {
        foreach (var user in LegacyUsersFile.Read(UsersPath).Users)
        {
            var expected = Expected.GetProperty(user.Name);

            Assert.Equal(expected.GetProperty("two_factor").GetBoolean(), user.TwoFactorEnabled);
            Assert.Equal(expected.GetProperty("totp_secret").GetString(), user.TotpSecret);
            Assert.Equal(expected.GetProperty("email").GetString(), user.Email);
        }
    }

    [Fact]
    public void CreatedAtIsTheFileLocalTimeWithNoZone()
    {
        var judy = LegacyUsersFile.Read(UsersPath).Users[0];

        Assert.Equal(new DateTime(2025, 5, 5, 23, 15, 0), judy.CreatedAt);
        Assert.Equal(DateTimeKind.Unspecified, judy.CreatedAt!.Value.Kind);
    }

    [Fact]
    public void ReadingLeavesTheLegacyFilesAsTheyWere()
    {
        string[] paths = [UsersPath, KeyPath];
        var before = paths.Select(path => (Bytes: File.ReadAllBytes(path), Written: File.GetLastWriteTimeUtc(path))).ToList();

        LegacyUsersFile.Read(UsersPath);
        LegacyKeyFile.Read(KeyPath);

        var after = paths.Select(path => (Bytes: File.ReadAllBytes(path), Written: File.GetLastWriteTimeUtc(path))).ToList();
        for (var i = 0; i < paths.Length; i++)
        {
            Assert.Equal(before[i].Bytes, after[i].Bytes);
            Assert.Equal(before[i].Written, after[i].Written);
        }
    }

    [Fact]
    public void TheFilesCanBeReadWhileAnotherReaderHoldsThem()
    {
        using var users = new FileStream(UsersPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var key = new FileStream(KeyPath, FileMode.Open, FileAccess.Read, FileShare.Read);

        Assert.Equal(14, LegacyUsersFile.Read(UsersPath).Users.Count);
        LegacyKeyFile.Read(KeyPath);
    }

    [Fact]
    public void ALoggedUserShowsNoSecrets()
    {
        var grace = LegacyUsersFile.Read(UsersPath).Users.Single(user => user.Name == "grace611939");

        var text = $"{grace} {grace.ApiKeys[0]}";

        Assert.DoesNotContain(grace.TotpSecret!, text);
        Assert.DoesNotContain(grace.PasswordSha256!, text);
        Assert.DoesNotContain(grace.ApiKeys[0].Token, text);
    }
}
