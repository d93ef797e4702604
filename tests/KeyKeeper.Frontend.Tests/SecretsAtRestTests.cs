using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class SecretsAtRestTests(AppFixture fixture)
{
    [Fact]
    public async Task NoPlainKeyPasswordOrTokenIsInTheDatabaseDumpOrTheLogs()
    {
        using var client = fixture.CreateClient();
        var secrets = new List<string> { ApiClient.Password };
        for (var user = 0; user < 3; user++)
        {
            var token = await ApiClient.SignUpAndLoginAsync(client);
            secrets.Add(token);
            secrets.Add(token.Split('.')[2]);
            foreach (var provider in new[] { "openai", "anthropic", "google", "groq" })
            {
                var random = Guid.NewGuid().ToString("N");
                var value = provider switch
                {
                    "openai" => $"sk-proj-plain-{random}",
                    "anthropic" => $"sk-ant-plain-{random}",
                    "google" => $"AIza{random[..26]}plainplai",
                    _ => $"gsk_plain-{random}",
                };
                await client.SaveKeyAsync(token, provider, value);
                secrets.Add(value);
            }

            // Revealing must not leave the value behind anywhere either.
            var reveal = await client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token);
            secrets.Add((await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!);
        }

        var dump = await fixture.Postgres.DumpAsync(AppFixture.Database);
        var logs = string.Join('\n', fixture.Logs.Detector.Lines);

        Assert.Contains("grain_state", dump);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, dump);
            Assert.DoesNotContain(secret, logs);
        }
    }
}
