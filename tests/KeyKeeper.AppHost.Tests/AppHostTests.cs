using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using KeyKeeper.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OtpNet;
using Xunit.Abstractions;

namespace KeyKeeper.AppHost.Tests;

/// <summary>
/// Runs the whole AppHost the way a developer does without a container runtime: PostgreSQL from
/// the machine's binaries, the migrator, the silo and the frontend, then uses the HTTP API.
/// </summary>
public sealed class AppHostTests(ITestOutputHelper output)
{
    // A run takes about 40 s here (a third of it shutting down); the limit allows for a busy machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly string[] Resources = ["postgres-init", "postgres", "migrator", "silo", "frontend", "rotate-keys"];

    // A made-up deployment-wide groq key, of the shape groq keys have.
    private static readonly string DeploymentGroqKey = $"gsk_{Convert.ToHexString(RandomNumberGenerator.GetBytes(24))}";

    private static readonly string LegacySample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy-sample");

    [Fact]
    public async Task SavedKeyIsListedMaskedAfterTheMigratorFinishesAndTheFrontendIsHealthy()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var cancellationToken = timeout.Token;
        using var temporary = TemporaryDirectory.Create("keykeeper-apphost-tests-");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KeyKeeper_AppHost>(
            [
                "--Postgres:Mode=Local",
                $"--LocalPostgres:DataDirectory={Path.Combine(temporary.Path, "data")}",
                $"--LocalPostgres:Port={LoopbackPort.Next()}",
                // Fresh secrets: the test neither reads nor writes the developer's user secrets.
                $"--Parameters:postgres-password={RandomSecret()}",
                $"--Parameters:key-encryption-key={RandomSecret()}",
                $"--Parameters:data-protection-key={RandomSecret()}",
                // Two key-encryption keys, the second active, as in the middle of a rotation.
                "--KeyEncryption:KeyIds=k1,k2",
                "--KeyEncryption:ActiveKeyId=k2",
                $"--Parameters:key-encryption-key-k2={RandomSecret()}",
                "--DeploymentKeys:Providers=groq",
                // The migrator imports the legacy sample after the schema.
                $"--Legacy:UsersFile={Path.Combine(LegacySample, "users.json")}",
                $"--Legacy:KeyFile={Path.Combine(LegacySample, ".encryption_key")}",
                $"--Legacy:ReportFile={Path.Combine(temporary.Path, "legacy-import.json")}",
                $"--Parameters:deployment-key-groq={DeploymentGroqKey}",
                // Stopping waits until PostgreSQL has exited, before its data directory is deleted.
                "--DcpPublisher:WaitForResourceCleanup=true",
            ],
            cancellationToken);

        var clock = Stopwatch.StartNew();
        await using var app = await builder.BuildAsync(cancellationToken);

        // StartAsync itself waits for the resources' start-up chain, so watch for failures first.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = WaitForFailureAsync(app.ResourceNotifications, running.Token);
        try
        {
            await UnlessSomethingFailsAsync(app.StartAsync(running.Token), failure, "the app to start");
            output.WriteLine($"started after {clock.Elapsed.TotalSeconds:F1} s");

            var migratorFinished = app.ResourceNotifications.WaitForResourceAsync("migrator",
                e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), running.Token);
            await UnlessSomethingFailsAsync(migratorFinished, failure, "the migrator to finish");
            var migrator = await migratorFinished;
            Assert.True(migrator.Snapshot.ExitCode == 0,
                $"The migrator ended '{migrator.Snapshot.State?.Text}' with exit code {migrator.Snapshot.ExitCode}.");
            output.WriteLine($"migrator finished after {clock.Elapsed.TotalSeconds:F1} s");

            await UnlessSomethingFailsAsync(
                app.ResourceNotifications.WaitForResourceHealthyAsync("frontend", running.Token), failure, "the frontend to be healthy");
            output.WriteLine($"frontend healthy after {clock.Elapsed.TotalSeconds:F1} s");

            // The default is two silo replicas, which must form one cluster through the database.
            var activeSilos = await WaitForActiveSilosAsync(await app.GetConnectionStringAsync("keysdb", cancellationToken), 2, cancellationToken);
            output.WriteLine($"{activeSilos} active silos after {clock.Elapsed.TotalSeconds:F1} s");

            using var http = app.CreateHttpClient("frontend");
            await AssertLegacyUserCanLogInAsync(http, "grace611939", cancellationToken);
            Assert.True(File.Exists(Path.Combine(temporary.Path, "legacy-import.json")), "The migrator wrote no import report.");
            var username = $"apphost-{Guid.NewGuid():N}"[..20];
            const string password = "plum velvet harbor 42";
            var value = $"sk-proj-{Convert.ToHexString(RandomNumberGenerator.GetBytes(24))}";

            using var signup = await http.PostAsJsonAsync("/api/account/signup", new { username, password }, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, signup.StatusCode);

            using var login = await http.PostAsJsonAsync("/api/account/login", new { username, password }, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var session = await login.Content.ReadFromJsonAsync<Session>(cancellationToken);
            Assert.False(string.IsNullOrEmpty(session?.Token));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);

            using var save = await http.PutAsJsonAsync("/api/keys/openai", new { value }, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);

            var keys = await http.GetFromJsonAsync<KeyEntry[]>("/api/keys", cancellationToken);
            var key = Assert.Single(keys!);
            Assert.Equal("openai", key.Provider);
            Assert.True(key.Readable);
            Assert.StartsWith(value[..8], key.Masked, StringComparison.Ordinal);
            Assert.EndsWith(value[^4..], key.Masked, StringComparison.Ordinal);
            Assert.DoesNotContain(value[8..^4], key.Masked, StringComparison.Ordinal);

            // An app token reads the user's own openai key, and the deployment's groq key where the user has none.
            using var create = await http.PostAsJsonAsync("/api/account/app-tokens",
                new { name = "apphost-test", providers = new[] { "openai", "groq" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) }, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            var appToken = (await create.Content.ReadFromJsonAsync<CreatedAppToken>(cancellationToken))!.Token;
            using var aiApp = new HttpClient { BaseAddress = http.BaseAddress };
            aiApp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
            Assert.Equal(new EffectiveKey("openai", "user", value), await aiApp.GetFromJsonAsync<EffectiveKey>("/api/keys/openai/effective", cancellationToken));
            Assert.Equal(new EffectiveKey("groq", "deployment", DeploymentGroqKey), await aiApp.GetFromJsonAsync<EffectiveKey>("/api/keys/groq/effective", cancellationToken));
            // The login page needs the Data Protection key ring, kept encrypted under the generated secret.
            using var loginPage = await http.GetAsync("/login", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);

            // The rotate-keys resource, started as an operator would from the dashboard, joins the
            // running cluster, finds nothing left on another key and exits 0.
            await app.ResourceCommands.ExecuteCommandAsync("rotate-keys", KnownResourceCommands.StartCommand, cancellationToken);
            var rotation = await app.ResourceNotifications.WaitForResourceAsync("rotate-keys",
                e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
            Assert.True(rotation.Snapshot.ExitCode == 0, $"rotate-keys ended with exit code {rotation.Snapshot.ExitCode}.");
            output.WriteLine($"rotate-keys finished after {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            await WriteResourceLogsAsync(app);
            throw;
        }
        finally
        {
            await running.CancelAsync();
            await app.StopAsync(CancellationToken.None);
            output.WriteLine($"stopped after {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>An imported user logs in with the old password and the 2FA code from their old secret, and finds their keys.</summary>
    private static async Task AssertLegacyUserCanLogInAsync(HttpClient http, string legacyName, CancellationToken cancellationToken)
    {
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(LegacySample, "expected.json"), cancellationToken)).RootElement.GetProperty(legacyName);
        var code = TotpCode(expected.GetProperty("totp_secret").GetString()!);
        using var login = await http.PostAsJsonAsync("/api/account/login",
            new { username = legacyName, password = expected.GetProperty("password").GetString(), totp = code }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = await login.Content.ReadFromJsonAsync<Session>(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys/openai/reveal");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session!.Token);
        using var reveal = await http.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        var value = (await reveal.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("value").GetString();
        Assert.Equal(expected.GetProperty("api_keys").GetProperty("openai").GetString(), value);
    }

    /// <summary>The current code, as an authenticator app shows it.</summary>
    private static string TotpCode(string base32Secret) => new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(DateTime.UtcNow);

    private static async Task<long> WaitForActiveSilosAsync(string? connectionString, int expected, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString!);
        while (true)
        {
            await using var count = database.CreateCommand("SELECT count(*) FROM cluster_membership WHERE status = 3");
            var active = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            if (active == expected)
            {
                return active;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>
    /// Awaits <paramref name="wait"/>, but fails at once, naming the culprit, when one of the app's
    /// resources fails to start or exits with an error: whatever depends on it would wait forever.
    /// </summary>
    private static async Task UnlessSomethingFailsAsync(Task wait, Task<ResourceEvent> failure, string waitingFor)
    {
        if (await Task.WhenAny(wait, failure) == failure && failure.IsCompletedSuccessfully)
        {
            var (name, snapshot) = (failure.Result.Resource.Name, failure.Result.Snapshot);
            Assert.Fail($"Waiting for {waitingFor}: '{name}' is '{snapshot.State?.Text}' (exit code {snapshot.ExitCode?.ToString() ?? "none"}).");
        }

        await wait;
    }

    private static async Task<ResourceEvent> WaitForFailureAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        await foreach (var resourceEvent in notifications.WatchAsync(cancellationToken))
        {
            var snapshot = resourceEvent.Snapshot;
            if (Resources.Contains(resourceEvent.Resource.Name) &&
                (snapshot.State?.Text == KnownResourceStates.FailedToStart ||
                 (KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text) && snapshot.ExitCode is not (null or 0))))
            {
                return resourceEvent;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    private async Task WriteResourceLogsAsync(DistributedApplication app)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var resource in model.Resources.Where(r => Resources.Contains(r.Name)))
        {
            output.WriteLine($"---- {resource.Name} ----");
            try
            {
                await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(timeout.Token))
                {
                    foreach (var line in batch)
                    {
                        output.WriteLine(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("(log read timed out)");
            }
        }
    }

    private static string RandomSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    private sealed record Session(string Token, DateTimeOffset ExpiresAt);

    private sealed record CreatedAppToken(string Token);

    private sealed record EffectiveKey(string Provider, string Source, string Value);

    private sealed record KeyEntry(string Provider, string Masked, DateTimeOffset UpdatedAt, bool Readable);
}
