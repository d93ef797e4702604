using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using KeyKeeper.Silo.Legacy;
using KeyKeeper.Silo.Maintenance;
using KeyKeeper.Silo.Migrations;

if (args is [MigrationCommand.Verb, ..])
{
    return await MigrationCommand.RunAsync(args[1..]);
}

if (args is [LegacyImportCommand.Verb, ..])
{
    return await LegacyImportCommand.RunAsync(args[1..]);
}

if (args is [KeyRotationCommand.Verb, ..])
{
    return await KeyRotationCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyKeeperSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
// A configuration the silo must not run with (a refused setting, a missing or wrong key-encryption key) is logged, and the exit code is 1.
return await app.RunServiceAsync();
