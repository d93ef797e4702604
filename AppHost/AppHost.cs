using KeyKeeper.AppHost;
using KeyKeeper.AppHost.Health;
using KeyKeeper.AppHost.Postgres;
using KeyKeeper.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets are generated on the first run and kept in the AppHost's user secrets, never in the repository.
// Key-encryption keys by id (setting KeyEncryption:KeyIds, default "k1"; the active one is
// KeyEncryption:ActiveKeyId, default the last). Each is a generated, persisted secret parameter:
// k1 is "key-encryption-key", any other id "key-encryption-key-<id>".
var keyEncryption = builder.Configuration.GetSection("KeyEncryption");
var keyIds = (keyEncryption["KeyIds"] ?? "k1").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
var activeKeyId = keyEncryption["ActiveKeyId"] ?? keyIds[^1];
var keyEncryptionKeys = keyIds.ToDictionary(id => id, id => builder.AddParameter(id == "k1" ? "key-encryption-key" : $"key-encryption-key-{id}",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true));
// Encrypts the frontends' shared Data Protection key ring (session cookies, antiforgery) in the database.
var dataProtectionKey = builder.AddParameter("data-protection-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

// A PostgreSQL container, the machine's own PostgreSQL where no container runtime answers, or an
// existing server by its connection string ConnectionStrings:keysdb (setting Postgres:Mode =
// Auto | Container | Local | External).
var postgres = builder.AddPostgresServer("postgres");
// Every process connects by this name, and uses the cluster and the rows of the one deployment
// that KeyKeeperCluster defaults to (Orleans:ClusterId, Orleans:ServiceId): nothing to pass here.
var keysdb = postgres.AddDatabase(KeyKeeperCluster.DatabaseName);

// Applies the schema, then imports the legacy app's files when they are given (settings
// Legacy:UsersFile and Legacy:KeyFile; the files are only read).
var migrator = builder.AddProject<Projects.KeyKeeper_Silo>("migrator", launchProfileName: null)
    .WithArgs("migrate")
    .WithReference(keysdb)
    .WithLegacyImport(builder)
    .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
    .WaitFor(postgres)
    .WaitFor(keysdb);

var silo = builder.AddProject<Projects.KeyKeeper_Silo>("silo")
    .WithReference(keysdb)
    // Orleans reads its queries from OrleansQuery at start-up, so the schema must exist first.
    .WaitForCompletion(migrator)
    .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
    // Deployment-wide default keys (setting DeploymentKeys:Providers, none by default).
    .WithDeploymentKeys(builder)
    // Each replica takes free Orleans ports itself; they find each other through the database.
    // How many run: setting Replicas:Silo, default 2 (1 works too).
    .WithManifestReplicas(builder, "Silo")
    .WithServiceHealthChecks("/health", "self", "database", "key-encryption", "cluster-membership");

builder.AddProject<Projects.KeyKeeper_Frontend>("frontend")
    .WithReference(keysdb)
    // Every replica reads every other's cookies: one key ring, one secret.
    .WithEnvironment("DataProtection__Key", dataProtectionKey)
    .WaitFor(silo)
    .WithManifestReplicas(builder, "Frontend")
    .WithExternalHttpEndpoints()
    .WithServiceHealthChecks("/health", "self", "database", "key-store", "data-protection");

// Re-wraps every user's data key under the active key-encryption key while the service runs;
// run by hand with the dashboard command "Rotate key-encryption key" (or `dotnet run --project
// Silo -- rotate-keys`).
builder.AddProject<Projects.KeyKeeper_Silo>("rotate-keys", launchProfileName: null)
    .WithArgs("rotate-keys")
    .WithReference(keysdb)
    .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
    .WaitFor(silo)
    .WithExplicitStart()
    .WithRunToEndCommand("rotate-key-encryption-key", "Rotate key-encryption key",
        $"Re-wraps every user's data key under the active key-encryption key ({activeKeyId}).",
        summaryMarkers: ["Key rotation"],
        confirmationMessage: $"Re-wrap every user's data key under the key-encryption key '{activeKeyId}'? The service keeps running.");

// With legacy files configured: the dashboard command "Legacy import (dry run)" reports what an
// import would do. It joins no cluster, so it needs only the schema.
if (builder.IsLegacyImportConfigured())
{
    builder.AddLegacyImportDryRun("legacy-import-dry-run")
        .WithReference(keysdb)
        .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
        .WaitForCompletion(migrator);
}

builder.Build().Run();
