using KeyKeeper.AppHost;
using KeyKeeper.AppHost.ClusterTls;
using KeyKeeper.AppHost.Health;
using KeyKeeper.AppHost.Postgres;
using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

var builder = DistributedApplication.CreateBuilder(args);
// A resource that fails says so, and why, on this console too, not only on the dashboard.
builder.Services.AddHostedService<ResourceFailureConsole>();

// Secrets are generated on the first run and kept in the AppHost's user secrets, never in the repository.
var keyEncryption = builder.Configuration.GetSection("KeyEncryption");
var keyIds = (keyEncryption["KeyIds"] ?? "k1").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
var activeKeyId = keyEncryption["ActiveKeyId"] ?? keyIds[^1];
var keyEncryptionKeys = keyIds.ToDictionary(id => id, id => builder.AddParameter(id == "k1" ? "key-encryption-key" : $"key-encryption-key-{id}",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true));
var dataProtectionKey = builder.AddParameter("data-protection-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
// Silos sign bearer tokens with it, frontends check them with it: every process that runs grains or checks tokens has it.
var accessTokenSigningKey = builder.AddParameter("access-token-signing-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
// Every silo and Orleans client presents it and accepts only peers that present it too.
var clusterCertificate = builder.AddClusterCertificate();

var postgres = builder.AddPostgresServer("postgres");
// KeyKeeperCluster defaults the cluster and service ids, so the database is all a process is given.
var keysdb = postgres.AddDatabase(KeyKeeperCluster.DatabaseName);
// The migrator owns the schema; silo and frontend each log in as a role granted only what it needs.
var siloLogin = postgres.AddServiceLogin(KeyKeeperDatabaseRoles.Silo, KeyKeeperCluster.DatabaseName);
var frontendLogin = postgres.AddServiceLogin(KeyKeeperDatabaseRoles.Frontend, KeyKeeperCluster.DatabaseName);

var migrator = builder.AddProject<Projects.KeyKeeper_Silo>("migrator", launchProfileName: null)
    .WithArgs("migrate")
    .WithReference(keysdb)
    .WithServiceRolePasswords(siloLogin, frontendLogin)
    .WithLegacyImport(builder)
    .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
    .WithEnvironment("AccessTokens__SigningKey", accessTokenSigningKey)
    // The legacy import runs its own silo.
    .WithClusterCertificate(clusterCertificate)
    .WaitFor(postgres)
    .WaitFor(keysdb);

// The frontend believes X-Forwarded-* only from the proxies in its ForwardedHeaders settings, not from every peer.
var silo = builder.AddProject<Projects.KeyKeeper_Silo>("silo")
    .DisableForwardedHeaders()
    .WithDatabaseLogin(siloLogin)
    // Orleans reads its queries from OrleansQuery at start-up, so the schema must exist first.
    .WaitForCompletion(migrator)
    .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
    .WithEnvironment("AccessTokens__SigningKey", accessTokenSigningKey)
    .WithClusterCertificate(clusterCertificate)
    .WithDeploymentKeys(builder)
    .WithProviderSettings(builder)
    // Each replica takes free Orleans ports itself; they find each other through the database.
    .WithManifestReplicas(builder, "Silo")
    .WithServiceHealthChecks("/health", "self", "database", "key-encryption", "cluster-membership");

builder.AddProject<Projects.KeyKeeper_Frontend>("frontend")
    .DisableForwardedHeaders()
    .WithDatabaseLogin(frontendLogin)
    // Every replica reads every other's cookies: one key ring, one secret.
    .WithEnvironment("DataProtection__Key", dataProtectionKey)
    .WithEnvironment("AccessTokens__SigningKey", accessTokenSigningKey)
    .WithClusterCertificate(clusterCertificate)
    .WithProviderSettings(builder)
    .WaitFor(silo)
    .WithManifestReplicas(builder, "Frontend")
    .WithExternalHttpEndpoints()
    .WithServiceHealthChecks("/health", "self", "database", "key-store", "data-protection");

builder.AddProject<Projects.KeyKeeper_Silo>("rotate-keys", launchProfileName: null)
    .WithArgs("rotate-keys")
    .WithDatabaseLogin(siloLogin)
    .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
    .WithClusterCertificate(clusterCertificate)
    .WaitFor(silo)
    .WithExplicitStart()
    .WithRunToEndCommand("rotate-key-encryption-key", "Rotate key-encryption key",
        $"Re-wraps every user's data key under the active key-encryption key ({activeKeyId}).",
        summaryMarkers: ["Key rotation"],
        confirmationMessage: $"Re-wrap every user's data key under the key-encryption key '{activeKeyId}'? The service keeps running.");

// The dry run joins no cluster, so it waits only for the schema.
if (builder.IsLegacyImportConfigured())
{
    builder.AddLegacyImportDryRun("legacy-import-dry-run")
        .WithDatabaseLogin(siloLogin)
        .WithKeyEncryptionKeys(activeKeyId, keyEncryptionKeys)
        .WithEnvironment("AccessTokens__SigningKey", accessTokenSigningKey)
        .WithClusterCertificate(clusterCertificate)
        .WaitForCompletion(migrator);
}

builder.Build().Run();
