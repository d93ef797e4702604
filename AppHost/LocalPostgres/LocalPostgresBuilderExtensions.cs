using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.AppHost.LocalPostgres;

public static class LocalPostgresBuilderExtensions
{
    private const string PostgresOsUser = "postgres";

    /// <summary>PostgreSQL from the machine's own binaries: a one-shot <c>&lt;name&gt;-init</c>, then the server.</summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource> password,
        LocalPostgresOptions options)
    {
        var postgres = Path.Combine(options.BinDirectory, "postgres");
        var port = options.Port.ToString(CultureInfo.InvariantCulture);

        // Runs as the AppHost's user to create the data directory, then drops to the postgres OS user;
        // the password travels in the environment, never on a command line.
        var init = builder.AddExecutable($"{name}-init", "/bin/sh", options.BinDirectory,
                ScriptPath("postgres-init.sh"), options.DataDirectory, options.BinDirectory)
            .WithEnvironment("POSTGRES_PASSWORD", password);

        // postgres-run.sh turns the orchestrator's SIGTERM into a fast shutdown. setpriv execs in
        // place, so that signal reaches postgres itself; runuser and su would fork.
        string[] runAs = Environment.IsPrivilegedProcess
            ? [FindOnPath("setpriv"), $"--reuid={PostgresOsUser}", $"--regid={PostgresOsUser}", "--init-groups"]
            : [];

        var server = new LocalPostgresServerResource(name, "/bin/sh", options.BinDirectory, password.Resource, options);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new LocalPostgresHealthCheck(server), failureStatus: null, tags: null));

        var serverBuilder = builder.AddResource(server)
            .WithArgs([
                ScriptPath("postgres-run.sh"),
                .. runAs,
                postgres,
                "-D", options.DataDirectory,
                "-p", port,
                "-c", "listen_addresses=127.0.0.1",
                "-k", SocketDirectory(options),
            ])
            .WithEndpoint(port: options.Port, targetPort: options.Port, scheme: "tcp",
                name: LocalPostgresServerResource.PrimaryEndpointName, isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("DatabaseMultiple")
            .WaitForCompletion(init);

        init.WithParentRelationship(serverBuilder);
        return serverBuilder;
    }

    /// <summary>A connection string, because a custom child of an executable stays "Unknown" in the dashboard; the migrator creates the database.</summary>
    public static IResourceBuilder<ConnectionStringResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server,
        [ResourceName] string name,
        string? databaseName = null) =>
        server.ApplicationBuilder
            .AddConnectionString(name, server.Resource.GetConnectionString(databaseName ?? name))
            .WithParentRelationship(server);

    private static string ScriptPath(string fileName) =>
        Path.Combine(Path.GetDirectoryName(typeof(LocalPostgresBuilderExtensions).Assembly.Location)!,
            "LocalPostgres", fileName);

    // The socket lives in the data directory (only the postgres user may enter it); a Unix socket
    // path is limited to 107 bytes, so a deep data directory gets TCP only.
    private static string SocketDirectory(LocalPostgresOptions options) =>
        options.DataDirectory.Length + $"/.s.PGSQL.{options.Port}.lock".Length <= 107 ? options.DataDirectory : string.Empty;

    private static string FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists)
        ?? throw new DistributedApplicationException(
            $"Running as root, the AppHost starts PostgreSQL as the '{PostgresOsUser}' OS user with {program}, which is not on PATH (Debian: util-linux).");
}
