using KeyKeeper.AppHost.Postgres;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Generated on the first run and kept in the AppHost's user secrets, never in the repository.
var postgresPassword = builder.AddParameter("postgres-password",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var keyEncryptionKey = builder.AddParameter("key-encryption-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

// A PostgreSQL container, or the machine's own PostgreSQL where no container runtime answers
// (setting Postgres:Mode = Auto | Container | Local).
var postgres = builder.AddPostgresServer("postgres", postgresPassword);
var keysdb = postgres.AddDatabase("keysdb");

// How many silos and frontends run (setting Replicas:Silo / Replicas:Frontend; 1 each works too).
var replicas = builder.Configuration.GetSection("Replicas");

var migrator = builder.AddProject<Projects.KeyKeeper_Silo>("migrator", launchProfileName: null)
    .WithArgs("migrate")
    .WithReference(keysdb)
    .WaitFor(postgres.Server)
    .WaitFor(keysdb);

var silo = builder.AddProject<Projects.KeyKeeper_Silo>("silo")
    .WithReference(keysdb)
    // Orleans reads its queries from OrleansQuery at start-up, so the schema must exist first.
    .WaitForCompletion(migrator)
    .WithEnvironment("KeyEncryption__ActiveKeyId", "k1")
    .WithEnvironment("KeyEncryption__Keys__k1", keyEncryptionKey)
    .WithEnvironment("Orleans__ClusterId", "keykeeper")
    .WithEnvironment("Orleans__ServiceId", "keykeeper")
    // Each replica takes free Orleans ports itself; they find each other through the database.
    .WithReplicas(replicas.GetValue("Silo", 2))
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.KeyKeeper_Frontend>("frontend")
    .WithReference(keysdb)
    .WithEnvironment("Orleans__ClusterId", "keykeeper")
    .WithEnvironment("Orleans__ServiceId", "keykeeper")
    .WaitFor(silo)
    .WithReplicas(replicas.GetValue("Frontend", 2))
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
