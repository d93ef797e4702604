using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using KeyKeeper.AppHost.ClusterTls;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using OtpNet;
using Xunit.Abstractions;

namespace KeyKeeper.AppHost.Tests;

/// <summary>
/// Runs the whole AppHost: once the way a developer does without a container runtime (PostgreSQL
/// from the machine's binaries), once against an existing PostgreSQL by connection string, as in
/// production. Each run waits for the migrator and a healthy frontend, then uses the HTTP API.
/// Both runs have the Aspire dashboard; the local run takes screenshots of it
/// (<see cref="DashboardScreenshots"/>). The two runs share this class, so they never compete
/// for the two cores.
/// </summary>
public sealed class AppHostTests(ITestOutputHelper output)
{
    // A run takes about 40 s here (a third of it shutting down); the limit allows for a busy machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // A made-up deployment-wide groq key, of the shape groq keys have.
    private static readonly string DeploymentGroqKey = $"gsk_{Convert.ToHexString(RandomNumberGenerator.GetBytes(24))}";

    private static readonly string SiloRole = KeyKeeperDatabaseRoles.For(TestDeployment.Database, KeyKeeperDatabaseRoles.Silo);

    private static readonly string FrontendRole = KeyKeeperDatabaseRoles.For(TestDeployment.Database, KeyKeeperDatabaseRoles.Frontend);

    private static readonly string LegacySample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy-sample");

    [Fact]
    public async Task SavedKeyIsListedMaskedAfterTheMigratorFinishesAndTheFrontendIsHealthy()
    {
        using var temporary = TemporaryDirectory.Create("keykeeper-apphost-tests-");
        await using var modelApi = await StandInModelApi.StartAsync();
        string[] args =
        [
            "--Postgres:Mode=Local",
            $"--LocalPostgres:DataDirectory={Path.Combine(temporary.Path, "data")}",
            $"--LocalPostgres:Port={LoopbackPort.Next()}",
            // Fresh secrets: the test neither reads nor writes the developer's user secrets.
            $"--Parameters:postgres-password={RandomSecret()}",
            $"--Parameters:postgres-silo-password={RandomSecret()}",
            $"--Parameters:postgres-frontend-password={RandomSecret()}",
            $"--Parameters:key-encryption-key={RandomSecret()}",
            $"--Parameters:data-protection-key={RandomSecret()}",
            .. ClusterCertificateArguments(temporary),
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
            // The gateway's providers as a user gives them on the command line, passed on to the services.
            $"--Providers:openai:BaseUrl={modelApi.Url("/v1")}",
            $"--Providers:groq:BaseUrl={modelApi.Url("/openai/v1")}",
            "--DeploymentKeys:GatewayFallback=true",
        ];

        await RunAppHostAsync(args, ["postgres-init", "postgres", "migrator", "silo", "frontend", "rotate-keys", "legacy-import-dry-run"], async (app, clock, cancellationToken) =>
        {
            // The default is two silo replicas, which must form one cluster through the database.
            var activeSilos = await WaitForActiveSilosAsync(await app.GetConnectionStringAsync(TestDeployment.Database, cancellationToken), 2, cancellationToken);
            output.WriteLine($"{activeSilos} active silos after {clock.Elapsed.TotalSeconds:F1} s");
            // The roles logged in with the generated passwords (this server checks SCRAM), so the migrator's verifiers work.
            await AssertServicesUseTheirOwnRolesAsync(app, cancellationToken);

            await AssertEachServiceCheckIsShownHealthyAsync(app, "silo", cancellationToken);
            await AssertEachServiceCheckIsShownHealthyAsync(app, "frontend", cancellationToken);

            using var http = app.CreateHttpClient("frontend");
            await AssertLegacyUserCanLogInAsync(http, "grace611939", cancellationToken);
            Assert.True(File.Exists(Path.Combine(temporary.Path, "legacy-import.json")), "The migrator wrote no import report.");
            var (value, saveTrace) = await AssertSavedKeyIsListedMaskedAsync(http, cancellationToken);

            // An app token reads the user's own openai key; the deployment's groq key never leaves the service.
            using var create = await http.PostAsJsonAsync("/api/account/app-tokens",
                new { name = "apphost-test", providers = new[] { "openai", "groq" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1), password = "plum velvet harbor 42" }, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            var appToken = (await create.Content.ReadFromJsonAsync<CreatedAppToken>(cancellationToken))!.Token;
            using var aiApp = new HttpClient { BaseAddress = http.BaseAddress };
            aiApp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
            Assert.Equal(new EffectiveKey("openai", "user", value), await aiApp.GetFromJsonAsync<EffectiveKey>("/api/keys/openai/effective", cancellationToken));
            using var groq = await aiApp.GetAsync("/api/keys/groq/effective", cancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, groq.StatusCode);
            Assert.DoesNotContain(DeploymentGroqKey, await groq.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
            // Through the gateway the provider gets the user's key, and the deployment's for groq, server-side only.
            foreach (var (provider, key) in new[] { ("openai", value), ("groq", DeploymentGroqKey) })
            {
                using var chat = await aiApp.PostAsync($"/proxy/{provider}/chat/completions",
                    new StringContent("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}""", System.Text.Encoding.UTF8, "application/json"), cancellationToken);
                Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
                Assert.DoesNotContain(key, await chat.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
                Assert.Equal($"Bearer {key}", Assert.Single(modelApi.RequestsWith(key)).Headers["authorization"]);
            }

            Assert.Empty(modelApi.RequestsWith(appToken));
            // The login page needs the Data Protection key ring, kept encrypted under the generated secret.
            using var loginPage = await http.GetAsync("/login", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);

            // The operators' dashboard commands, run side by side: the rotation joins the running
            // cluster, finds nothing left on another key and exits 0; the dry run finds every
            // legacy user already imported by the migrator.
            var rotation = app.ResourceCommands.ExecuteCommandAsync("rotate-keys", "rotate-key-encryption-key", cancellationToken);
            var dryRun = app.ResourceCommands.ExecuteCommandAsync("legacy-import-dry-run", "legacy-import-dry-run", cancellationToken);
            var rotated = await rotation;
            Assert.True(rotated.Success, $"Rotate key-encryption key: {rotated.Message}");
            Assert.StartsWith("Key rotation to k2:", rotated.Message, StringComparison.Ordinal);
            Assert.Contains("0 still on another key", rotated.Message, StringComparison.Ordinal);
            var checkedImport = await dryRun;
            Assert.True(checkedImport.Success, $"Legacy import (dry run): {checkedImport.Message}");
            Assert.StartsWith("Legacy import (dry run: nothing written)", checkedImport.Message, StringComparison.Ordinal);
            Assert.Contains("0 users would be imported", checkedImport.Message, StringComparison.Ordinal);
            Assert.Contains("0 failed", checkedImport.Message, StringComparison.Ordinal);
            output.WriteLine($"commands: '{rotated.Message}' / '{checkedImport.Message}' after {clock.Elapsed.TotalSeconds:F1} s");

            await DashboardScreenshots.TakeAsync(await app.GetDashboardUrlAsync(cancellationToken), saveTrace);
            output.WriteLine($"dashboard screenshots taken after {clock.Elapsed.TotalSeconds:F1} s");
        });
    }

    [Fact]
    public async Task AnExistingPostgresByConnectionStringIsMigratedAndServes()
    {
        await using var external = await PostgresServer.StartNewAsync();
        using var temporary = TemporaryDirectory.Create("keykeeper-apphost-tests-");
        var connectionString = external.ConnectionString(TestDeployment.Database);
        // What docs/operations.md has the operator run first (this server trusts local logins: no passwords).
        await external.QueryAsync("postgres", $"CREATE ROLE {SiloRole} LOGIN; CREATE ROLE {FrontendRole} LOGIN");
        string[] args =
        [
            "--Postgres:Mode=External",
            $"--{TestDeployment.ConnectionStringSetting}={connectionString}",
            $"--{TestDeployment.ConnectionStringSetting}-silo={LoginAs(connectionString, SiloRole)}",
            $"--{TestDeployment.ConnectionStringSetting}-frontend={LoginAs(connectionString, FrontendRole)}",
            $"--Parameters:key-encryption-key={RandomSecret()}",
            $"--Parameters:data-protection-key={RandomSecret()}",
            .. ClusterCertificateArguments(temporary),
            // One of each keeps this second run short; the other run covers replicas.
            "--Replicas:Silo=1",
            "--Replicas:Frontend=1",
        ];

        await RunAppHostAsync(args, [TestDeployment.Database, "migrator", "silo", "frontend", "rotate-keys"], async (app, clock, cancellationToken) =>
        {
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            Assert.DoesNotContain(model.Resources, r => r.Name.StartsWith("postgres", StringComparison.Ordinal));
            Assert.Equal(connectionString, await app.GetConnectionStringAsync(TestDeployment.Database, cancellationToken));

            // The migrator created the database and schema there, and the silo joined through it.
            await WaitForActiveSilosAsync(connectionString, 1, cancellationToken);
            using var http = app.CreateHttpClient("frontend");
            await AssertSavedKeyIsListedMaskedAsync(http, cancellationToken);
            await using var database = NpgsqlDataSource.Create(connectionString);
            await using var rows = database.CreateCommand("SELECT count(*) FROM grain_state");
            Assert.True((long)(await rows.ExecuteScalarAsync(cancellationToken))! > 0, "Nothing was stored in the external database.");
            await AssertServicesUseTheirOwnRolesAsync(app, cancellationToken);
            output.WriteLine($"served from the external database after {clock.Elapsed.TotalSeconds:F1} s");
        });
    }

    /// <summary>The run's own cluster certificate and password: the test never touches the developer's.</summary>
    private static string[] ClusterCertificateArguments(TemporaryDirectory temporary) =>
    [
        $"--{ClusterCertificateResourceExtensions.PathSetting}={Path.Combine(temporary.Path, "cluster-tls", "cluster.pfx")}",
        $"--Parameters:cluster-certificate-password={RandomSecret()}",
    ];

    /// <summary>
    /// Runs the AppHost with <paramref name="args"/> until the migrator has exited 0 and the
    /// frontend is healthy — failing at once, naming the culprit, when one of
    /// <paramref name="resources"/> fails — then runs <paramref name="scenario"/> and stops the app.
    /// On failure every resource's log goes to the test output. The Aspire dashboard runs too: the
    /// services' telemetry has somewhere to go (without it, each process waits on exit to flush
    /// to an address where nothing listens), and the Local run takes its screenshots.
    /// </summary>
    private async Task RunAppHostAsync(string[] args, string[] resources, Func<DistributedApplication, Stopwatch, CancellationToken, Task> scenario)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var cancellationToken = timeout.Token;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KeyKeeper_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            [
                .. args,
                // Stopping waits until the processes (PostgreSQL too) have exited, before temporary directories are deleted.
                "--DcpPublisher:WaitForResourceCleanup=true",
            ],
            cancellationToken);

        var clock = Stopwatch.StartNew();
        await using var app = await builder.BuildAsync(cancellationToken);

        // StartAsync itself waits for the resources' start-up chain, so watch for failures first.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = WaitForFailureAsync(app.ResourceNotifications, resources, running.Token);
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

            await scenario(app, clock, cancellationToken);
        }
        catch
        {
            await WriteResourceLogsAsync(app, resources);
            throw;
        }
        finally
        {
            await running.CancelAsync();
            await app.StopAsync(CancellationToken.None);
            output.WriteLine($"stopped after {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public async Task AResourceThatFailsIsNamedOnTheConsoleWithItsReason()
    {
        await using var external = await PostgresServer.StartNewAsync();
        using var temporary = TemporaryDirectory.Create("keykeeper-apphost-tests-");
        var usersFile = Path.Combine(temporary.Path, "users.json");
        await File.WriteAllTextAsync(usersFile, "[]");
        string[] args =
        [
            "--Postgres:Mode=External",
            $"--{TestDeployment.ConnectionStringSetting}={external.ConnectionString(TestDeployment.Database)}",
            // The services' logins are never used: the migrator fails before any service starts.
            $"--{TestDeployment.ConnectionStringSetting}-silo={external.ConnectionString(TestDeployment.Database)}",
            $"--{TestDeployment.ConnectionStringSetting}-frontend={external.ConnectionString(TestDeployment.Database)}",
            $"--Parameters:key-encryption-key={RandomSecret()}",
            $"--Parameters:data-protection-key={RandomSecret()}",
            "--Replicas:Silo=1",
            "--Replicas:Frontend=1",
            .. ClusterCertificateArguments(temporary),
            // The migrator applies the schema, then refuses an import of a file of the wrong shape.
            $"--Legacy:UsersFile={usersFile}",
            $"--Legacy:KeyFile={Path.Combine(LegacySample, ".encryption_key")}",
        ];

        using var timeout = new CancellationTokenSource(Timeout);
        var console = new LogLeakDetector();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KeyKeeper_AppHost>(args, timeout.Token);
        builder.Services.AddLogging(logging => logging.AddProvider(new LeakCheckingLoggerProvider(console)));
        await using var app = await builder.BuildAsync(timeout.Token);
        // The silo waits for the migrator's success forever, so start-up is not awaited.
        _ = app.StartAsync(timeout.Token);
        try
        {
            string? report;
            while ((report = console.Lines.FirstOrDefault(line => line.Contains("Resource 'migrator' (migrator-", StringComparison.Ordinal))) is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
            }

            output.WriteLine(report);
            Assert.Contains("failed (Finished, exit code 2)", report, StringComparison.Ordinal);
            Assert.Contains($"The legacy users file '{usersFile}' holds an array at the top level", report, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The dashboard shows each of the service's own health checks by name (the AppHost's list
    /// matches what the service's <c>/health</c> reports), all Healthy.
    /// </summary>
    private async Task AssertEachServiceCheckIsShownHealthyAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        using var http = app.CreateHttpClient(resource);
        var reported = (await http.GetFromJsonAsync<JsonElement>("/health", cancellationToken)).GetProperty("checks")
            .EnumerateObject().Select(check => $"{resource}/{check.Name}").Order(StringComparer.Ordinal).ToArray();

        var shown = await app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.HealthReports.Length > 0 && e.Snapshot.HealthReports.All(report => report.Status == HealthStatus.Healthy),
            cancellationToken);

        Assert.Equal(reported, shown.Snapshot.HealthReports.Select(report => report.Name).Order(StringComparer.Ordinal));
        output.WriteLine($"{resource} health checks: {string.Join(", ", reported)}");
    }

    /// <summary>
    /// Signs a new user up, saves an openai key and finds it listed masked; returns the key and the
    /// trace the save ran in.
    /// </summary>
    private static async Task<(string Value, ActivityTraceId SaveTrace)> AssertSavedKeyIsListedMaskedAsync(HttpClient http, CancellationToken cancellationToken)
    {
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

        // The save continues a (sampled) trace the test starts, so the dashboard screenshots can open that very trace.
        var saveTrace = ActivityTraceId.CreateRandom();
        using var saveRequest = new HttpRequestMessage(HttpMethod.Put, "/api/keys/openai") { Content = JsonContent.Create(new { value }) };
        saveRequest.Headers.Add("traceparent", $"00-{saveTrace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var save = await http.SendAsync(saveRequest, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);

        var keys = await http.GetFromJsonAsync<KeyEntry[]>("/api/keys", cancellationToken);
        var key = Assert.Single(keys!);
        Assert.Equal("openai", key.Provider);
        Assert.True(key.Readable);
        Assert.StartsWith(value[..8], key.Masked, StringComparison.Ordinal);
        Assert.EndsWith(value[^4..], key.Masked, StringComparison.Ordinal);
        Assert.DoesNotContain(value[8..^4], key.Masked, StringComparison.Ordinal);
        return (value, saveTrace);
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

    /// <summary>
    /// Silo and frontend are connected as their own roles and nothing else is, and the frontend's
    /// login is refused the users' rows.
    /// </summary>
    private async Task AssertServicesUseTheirOwnRolesAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        await using var owner = NpgsqlDataSource.Create((await app.GetConnectionStringAsync(TestDeployment.Database, cancellationToken))!);
        await using var logins = owner.CreateCommand("""
            SELECT DISTINCT usename FROM pg_stat_activity
            WHERE datname = current_database() AND usename <> current_user ORDER BY 1
            """);
        var roles = new List<string>();
        await using (var reader = await logins.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                roles.Add(reader.GetString(0));
            }
        }

        Assert.Equal([FrontendRole, SiloRole], roles);
        await using var frontend = NpgsqlDataSource.Create((await app.GetConnectionStringAsync($"{TestDeployment.Database}-frontend", cancellationToken))!);
        await using var grainState = frontend.CreateCommand("SELECT count(*) FROM grain_state");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => grainState.ExecuteScalarAsync(cancellationToken));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        output.WriteLine($"services connected as {string.Join(", ", roles)}; the frontend's login is refused grain_state");
    }

    private static string LoginAs(string connectionString, string role) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role }.ConnectionString;

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

    private static async Task<ResourceEvent> WaitForFailureAsync(ResourceNotificationService notifications, string[] resources, CancellationToken cancellationToken)
    {
        await foreach (var resourceEvent in notifications.WatchAsync(cancellationToken))
        {
            var snapshot = resourceEvent.Snapshot;
            if (resources.Contains(resourceEvent.Resource.Name) &&
                (snapshot.State?.Text == KnownResourceStates.FailedToStart ||
                 (KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text) && snapshot.ExitCode is not (null or 0))))
            {
                return resourceEvent;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    private async Task WriteResourceLogsAsync(DistributedApplication app, string[] resources)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var resource in model.Resources.Where(r => resources.Contains(r.Name)))
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
