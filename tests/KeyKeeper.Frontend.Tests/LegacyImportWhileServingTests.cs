using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The manual legacy import run while the service serves: it goes through the live silos' grains.</summary>
[Collection(AppCollection.Name)]
public sealed class LegacyImportWhileServingTests(AppFixture fixture) : IDisposable
{
    private static readonly string SampleDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy-sample");
    private const string SampleUser = "judy993744";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("keykeeper-legacy-serving-");

    [Fact]
    public async Task AnImportedUserIsSeenByTheLiveActivationAndASignUpForTheNameIsRefused()
    {
        var name = $"alice-{Guid.NewGuid():N}"[..24];
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SampleDirectory, "users.json")))!.AsObject();
        var usersFile = Path.Combine(_work.FullName, "users.json");
        await File.WriteAllTextAsync(usersFile, new JsonObject { [name] = sample[SampleUser]!.DeepClone() }.ToJsonString());
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SampleDirectory, "expected.json")))![SampleUser]!;
        var password = expected["password"]!.GetValue<string>();
        using var client = fixture.CreateClient();

        // The live cluster holds an activation of the name with no account.
        using (var unknown = await client.PostAsJsonAsync("/api/account/login", new { username = name, password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        var exitCode = await LegacyImportCommand.RunAsync(
        [
            "--users-file", usersFile, "--key-file", Path.Combine(SampleDirectory, ".encryption_key"),
            "--report", Path.Combine(_work.FullName, "report.json"),
            .. fixture.Settings.Select(setting => $"--{setting.Key}={setting.Value}"),
        ]);
        Assert.Equal(0, exitCode);

        // That activation sees the import at once: the legacy password logs in and the keys are there.
        var token = await ApiClient.LoginAsync(client, name, password);
        using var reveal = await client.SendAsync(HttpMethod.Post, "/api/keys/groq/reveal", token);
        Assert.Equal(expected["api_keys"]!["groq"]!.GetValue<string>(), (await reveal.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.GetValue<string>());

        // A sign-up for the name cannot take the imported account over.
        using var signUp = await client.PostAsJsonAsync("/api/account/signup", new { username = name, password = ApiClient.Password });
        await signUp.AssertProblemAsync(HttpStatusCode.Conflict);
        await ApiClient.LoginAsync(client, name, password);
    }

    public void Dispose() => _work.Delete(recursive: true);
}
