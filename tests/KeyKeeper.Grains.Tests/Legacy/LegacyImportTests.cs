using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Legacy;
using KeyKeeper.Testing;

namespace KeyKeeper.Grains.Tests.Legacy;

/// <summary>
/// The legacy import end to end: the real command (its own silo, the fixture's ServiceId and
/// database), then every imported user logs in through the fixture's cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LegacyImportTests(ClusterFixture fixture) : IDisposable
{
    private static readonly string SampleDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy-sample");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("keykeeper-legacy-tests-");

    [Fact]
    public async Task TheSampleImportsEveryUserWithTheirPasswordTwoFactorAndKeysAndARerunChangesNothing()
    {
        var before = FileFingerprints(SampleDirectory);
        var (exitCode, report) = await ImportAsync(Path.Combine(SampleDirectory, "users.json"), Path.Combine(SampleDirectory, ".encryption_key"));

        Assert.Equal(0, exitCode);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SampleDirectory, "expected.json")))!.AsObject();
        Assert.Equal(expected.Count, report.GetProperty("imported").GetArrayLength());
        Assert.Equal(0, report.GetProperty("failed").GetArrayLength());
        foreach (var (name, user) in expected)
        {
            await AssertImportedAsync(name, user!.AsObject());
        }

        var rowsAfterFirstRun = await UserRowsAsync(expected.Select(pair => pair.Key));
        var (rerunExit, rerun) = await ImportAsync(Path.Combine(SampleDirectory, "users.json"), Path.Combine(SampleDirectory, ".encryption_key"));

        Assert.Equal(0, rerunExit);
        Assert.Equal(0, rerun.GetProperty("imported").GetArrayLength());
        Assert.Equal(expected.Count, rerun.GetProperty("skipped").GetArrayLength());
        Assert.Equal(rowsAfterFirstRun, await UserRowsAsync(expected.Select(pair => pair.Key)));
        Assert.Equal(before, FileFingerprints(SampleDirectory));
    }

    [Fact]
    public async Task TheFirstLoginReplacesTheLegacyPasswordHash()
    {
        var name = NewName();
        var (exitCode, _) = await ImportAsync(WriteUsers(new() { [name] = LegacyUserJson("an old password", keys: []) }), WriteKeyFile(SampleKey()));
        Assert.Equal(0, exitCode);
        Assert.Contains("legacy-sha256:", await StateOfAsync(name));

        Assert.Equal(LoginRefusal.WrongPassword, await fixture.Grains.GetUserKeysGrain(name).AssertLoginFails("not the old password"));
        await fixture.Grains.GetUserKeysGrain(name).LoginAsync("an old password");

        var state = await StateOfAsync(name);
        Assert.DoesNotContain("legacy-sha256:", state);
        await fixture.Grains.GetUserKeysGrain(name).LoginAsync("an old password");
    }

    [Fact]
    public async Task AWrongKeyFileFailsEveryUserWithAKeyAndWritesNothing()
    {
        var (withKey, withoutKey) = (NewName(), NewName());
        var users = WriteUsers(new()
        {
            [withKey] = LegacyUserJson("password one", keys: [("openai", TestUsers.NewKeyValue("openai"))]),
            [withoutKey] = LegacyUserJson("password two", keys: []),
        });
        var wrongKey = WriteKeyFile(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_'));

        var (exitCode, report) = await ImportAsync(users, wrongKey);

        Assert.Equal(1, exitCode);
        var failure = Assert.Single(report.GetProperty("failed").EnumerateArray());
        Assert.Equal((withKey, "openai"), (failure.GetProperty("user").GetString(), failure.GetProperty("provider").GetString()));
        Assert.False(report.GetProperty("written").GetBoolean());
        Assert.Empty(await UserRowsAsync([withKey, withoutKey]));
    }

    [Fact]
    public async Task WithAllowPartialTheOthersAreImportedAndTheUserWithACorruptTokenIsNotImportedAtAll()
    {
        var (corrupt, fine) = (NewName(), NewName());
        var corruptUser = LegacyUserJson("password one", keys: [("openai", TestUsers.NewKeyValue("openai")), ("groq", TestUsers.NewKeyValue("groq"))]);
        var token = corruptUser["api_keys"]!["groq"]!.GetValue<string>();
        corruptUser["api_keys"]!["groq"] = token[..^6] + (token[^6] == 'A' ? 'B' : 'A') + token[^5..];
        var users = WriteUsers(new() { [corrupt] = corruptUser, [fine] = LegacyUserJson("password two", keys: [("openai", TestUsers.NewKeyValue("openai"))]) });

        var (strictExit, _) = await ImportAsync(users, WriteKeyFile(SampleKey()));
        Assert.Equal(1, strictExit);
        Assert.Empty(await UserRowsAsync([corrupt, fine]));

        var (partialExit, report) = await ImportAsync(users, WriteKeyFile(SampleKey()), "--allow-partial");
        Assert.Equal(0, partialExit);
        Assert.Equal([fine], report.GetProperty("imported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((corrupt, "groq"), (report.GetProperty("failed")[0].GetProperty("user").GetString(), report.GetProperty("failed")[0].GetProperty("provider").GetString()));
        Assert.Single(await UserRowsAsync([corrupt, fine]));
    }

    [Fact]
    public async Task AnEmailTheSignUpRefusesAndATooShortTotpSecretFailTheirUsersInThePlanAndTheOthersImportWithAllowPartial()
    {
        var (badEmail, shortSecret, fine) = (NewName(), NewName(), NewName());
        var badEmailUser = LegacyUserJson("password one", keys: [("openai", TestUsers.NewKeyValue("openai"))]);
        badEmailUser["email"] = "\"ada\u0001\"@example.com";
        var shortSecretUser = LegacyUserJson("password two", keys: []);
        shortSecretUser["two_factor_enabled"] = true;
        shortSecretUser["totp_secret"] = "MPQGQAICMBAJHSQ";
        var users = WriteUsers(new() { [badEmail] = badEmailUser, [shortSecret] = shortSecretUser, [fine] = LegacyUserJson("password three", keys: []) });

        var (strictExit, strict) = await ImportAsync(users, WriteKeyFile(SampleKey()));
        Assert.Equal(1, strictExit);
        Assert.False(strict.GetProperty("written").GetBoolean());
        Assert.Empty(await UserRowsAsync([badEmail, shortSecret, fine]));

        var (partialExit, report) = await ImportAsync(users, WriteKeyFile(SampleKey()), "--allow-partial");
        Assert.Equal(0, partialExit);
        Assert.Equal([fine], report.GetProperty("imported").EnumerateArray().Select(e => e.GetString()));
        var reasons = report.GetProperty("failed").EnumerateArray()
            .ToDictionary(failure => failure.GetProperty("user").GetString()!, failure => failure.GetProperty("reason").GetString()!);
        Assert.Equal(2, reasons.Count);
        Assert.StartsWith("email cannot be used", reasons[badEmail], StringComparison.Ordinal);
        Assert.StartsWith("totp_secret is 9 bytes; the service needs at least 10", reasons[shortSecret], StringComparison.Ordinal);
        Assert.Single(await UserRowsAsync([badEmail, shortSecret, fine]));
    }

    [Fact]
    public async Task NamesThatCollideAfterNormalizationAreBothReportedAndNeitherIsImported()
    {
        var name = NewName();
        var composed = $"zoë-{name}";
        var decomposedUpper = $"ZOE\u0308-{name}";
        var users = WriteUsers(new() { [composed] = LegacyUserJson("password one", []), [decomposedUpper] = LegacyUserJson("password two", []) });

        var (exitCode, report) = await ImportAsync(users, WriteKeyFile(SampleKey()));

        Assert.Equal(1, exitCode);
        var collision = Assert.Single(report.GetProperty("collisions").EnumerateArray());
        Assert.Equal(new[] { composed, decomposedUpper }.Order(StringComparer.Ordinal), collision.EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, report.GetProperty("failed").GetArrayLength());
        Assert.Empty(await UserRowsAsync([$"zoë-{name}"]));
    }

    [Fact]
    public async Task AUserWhoAlreadyExistsIsSkippedAndNeverOverwritten()
    {
        var existing = await TestUsers.SignUpAsync(fixture.Grains);
        var kept = TestUsers.NewKeyValue("openai");
        await existing.SaveKeyAsync("openai", kept);
        var rowBefore = await StateOfAsync(existing.Name);
        var users = WriteUsers(new() { [existing.Name] = LegacyUserJson("the legacy password", [("openai", TestUsers.NewKeyValue("openai"))]) });

        var (dryExit, dryRun) = await ImportAsync(users, WriteKeyFile(SampleKey()), "--dry-run");
        var (exitCode, report) = await ImportAsync(users, WriteKeyFile(SampleKey()));

        Assert.Equal((0, 0), (dryExit, exitCode));
        Assert.Equal([existing.Name], dryRun.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([existing.Name], report.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(rowBefore, await StateOfAsync(existing.Name));
        Assert.Equal(kept, await existing.RevealKeyAsync("openai"));
        Assert.Equal(LoginRefusal.WrongPassword, await existing.Grain.AssertLoginFails("the legacy password"));
    }

    [Fact]
    public async Task ADryRunReportsWhatWouldBeImportedAndWritesNothing()
    {
        var name = NewName();
        var users = WriteUsers(new() { [name] = LegacyUserJson("password one", [("openai", TestUsers.NewKeyValue("openai")), ("groq", TestUsers.NewKeyValue("groq"))]) });

        var (exitCode, report) = await ImportAsync(users, WriteKeyFile(SampleKey()), "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.False(report.GetProperty("written").GetBoolean());
        Assert.Equal([name], report.GetProperty("imported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, report.GetProperty("keysImportedByProvider").GetProperty("groq").GetInt32());
        Assert.Empty(await UserRowsAsync([name]));
    }

    [Theory]
    [InlineData("{\"ada\": {\"password\": ", "not valid JSON")]
    [InlineData("[1, 2]", "object")]
    public async Task AMalformedUsersFileStopsTheRunBeforeAnythingIsWritten(string content, string problem)
    {
        var users = Path.Combine(_work.FullName, "users.json");
        await File.WriteAllTextAsync(users, content);

        var (exitCode, output) = await RunCapturingAsync(users, WriteKeyFile(SampleKey()));

        Assert.Equal(2, exitCode);
        Assert.Contains(users, output);
        Assert.Contains(problem, output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AMissingOrMisshapenKeyFileStopsTheRunAndNamesTheFile()
    {
        var users = WriteUsers(new() { [NewName()] = LegacyUserJson("password one", []) });
        var missing = Path.Combine(_work.FullName, "no-such.key");
        var misshapen = WriteKeyFile("not-a-fernet-key");

        var (missingExit, missingOutput) = await RunCapturingAsync(users, missing);
        var (misshapenExit, misshapenOutput) = await RunCapturingAsync(users, misshapen);

        Assert.Equal((2, 2), (missingExit, misshapenExit));
        Assert.Contains(missing, missingOutput);
        Assert.Contains(misshapen, misshapenOutput);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private async Task AssertImportedAsync(string legacyName, JsonObject expected)
    {
        Assert.True(UserName.TryNormalize(legacyName, out var name, out _));
        var grain = fixture.Grains.GetUserKeysGrain(name);
        var password = expected["password"]!.GetValue<string>();
        var secret = expected["totp_secret"]?.GetValue<string>();
        var twoFactor = expected["two_factor"]!.GetValue<bool>();
        if (twoFactor)
        {
            Assert.Equal(LoginRefusal.CodeNeeded, await grain.AssertLoginFails(password));
        }

        var code = twoFactor ? Totp.CodeAt(secret!, DateTimeOffset.UtcNow) : null;
        var token = await grain.LoginAsync(password, code);
        Assert.True(AccessToken.TryParse(token.Token, ClusterFixture.TokenKey, out _, out var tokenSecret), $"{legacyName} got no session token.");
        var user = new SignedInUser(name, grain, tokenSecret);

        var expectedKeys = expected["api_keys"]!.AsObject();
        Assert.Equal(expectedKeys.Select(pair => pair.Key).Order(StringComparer.Ordinal), (await user.ListKeysAsync()).Select(key => key.Provider));
        foreach (var (provider, value) in expectedKeys)
        {
            Assert.Equal(value!.GetValue<string>(), await user.RevealKeyAsync(provider));
        }
    }

    private async Task<(int ExitCode, JsonElement Report)> ImportAsync(string usersFile, string keyFile, params string[] flags)
    {
        var reportFile = Path.Combine(_work.FullName, $"report-{Guid.NewGuid():N}.json");
        var exitCode = await LegacyImportCommand.RunAsync([.. Arguments(usersFile, keyFile), "--report", reportFile, .. flags]);
        Assert.True(File.Exists(reportFile), $"The import exited {exitCode} without a report.");
        return (exitCode, JsonDocument.Parse(await File.ReadAllTextAsync(reportFile)).RootElement);
    }

    /// <summary>Runs an import that is expected to stop early, with what it printed.</summary>
    private async Task<(int ExitCode, string Output)> RunCapturingAsync(string usersFile, string keyFile)
    {
        var standardError = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var exitCode = await LegacyImportCommand.RunAsync(Arguments(usersFile, keyFile));
            return (exitCode, captured.ToString());
        }
        finally
        {
            Console.SetError(standardError);
        }
    }

    private string[] Arguments(string usersFile, string keyFile) =>
    [
        "--users-file", usersFile, "--key-file", keyFile,
        $"--{TestDeployment.ConnectionStringSetting}={fixture.ConnectionString}",
        $"--{TestDeployment.ServiceIdSetting}={fixture.ServiceId}",
        $"--KeyEncryption:ActiveKeyId={ClusterFixture.KeyId}",
        $"--{TestDeployment.AccessTokenSigningKeySetting}={TestDeployment.AccessTokenSigningKey}",
        $"--KeyEncryption:Keys:{ClusterFixture.KeyId}={ClusterFixture.KeySecret}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:KeyKeeper=Information",
        .. TestClusterCertificate.Arguments,
    ];

    private static string SampleKey() => File.ReadAllText(Path.Combine(SampleDirectory, ".encryption_key")).Trim();

    private static string NewName() => $"legacy-{Guid.NewGuid():N}"[..24];

    /// <summary>A legacy user as the old app wrote it, keys encrypted under the sample key.</summary>
    private static JsonObject LegacyUserJson(string password, IReadOnlyList<(string Provider, string Value)> keys)
    {
        Assert.True(FernetKey.TryParse(SampleKey(), out var key, out _));
        var apiKeys = new JsonObject();
        foreach (var (provider, value) in keys)
        {
            apiKeys[provider] = Fernet.Encrypt(key, Encoding.UTF8.GetBytes(value));
        }

        return new JsonObject
        {
            ["password"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password))),
            ["email"] = "someone@example.com",
            ["created_at"] = "2025-05-05T05:05:05",
            ["api_keys"] = apiKeys,
        };
    }

    private string WriteUsers(Dictionary<string, JsonObject> users)
    {
        var path = Path.Combine(_work.FullName, $"users-{Guid.NewGuid():N}.json");
        var root = new JsonObject();
        foreach (var (name, user) in users)
        {
            root[name] = user;
        }

        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private string WriteKeyFile(string content)
    {
        var path = Path.Combine(_work.FullName, $"key-{Guid.NewGuid():N}");
        File.WriteAllText(path, content + "\n");
        return path;
    }

    private async Task<string> StateOfAsync(string userName) =>
        Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT convert_from(payload, 'UTF8') FROM grain_state WHERE grain_id_string = 'user/{userName.Replace("'", "''")}'"))!;

    /// <summary>The stored rows of these legacy users (by normalized name), with their versions.</summary>
    private async Task<IReadOnlyList<string?>> UserRowsAsync(IEnumerable<string> legacyNames)
    {
        var keys = legacyNames.Select(name => UserName.TryNormalize(name, out var normalized, out _) ? $"'user/{normalized.Replace("'", "''")}'" : "''");
        return await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT grain_id_string || ':' || version || ':' || md5(payload) FROM grain_state WHERE grain_id_string IN ({string.Join(',', keys)}) ORDER BY 1");
    }

    private static string FileFingerprints(string directory) =>
        string.Join('|', Directory.GetFiles(directory).Order(StringComparer.Ordinal)
            .Select(path => $"{Path.GetFileName(path)}:{File.GetLastWriteTimeUtc(path):O}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"));
}
