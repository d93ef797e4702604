using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using KeyKeeper.Silo.Legacy;
using KeyKeeper.Silo.Maintenance;
using KeyKeeper.Silo.Migrations;
using Microsoft.Extensions.Options;

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
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
{
    // A configuration the silo must not run with (a missing or wrong key-encryption key): say why and exit 1.
    app.Logger.LogCritical("The silo cannot start: {Reason}", e.Message);
    return 1;
}
