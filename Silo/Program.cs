using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using KeyKeeper.Silo.Migrations;

if (args is [MigrationCommand.Verb, ..])
{
    return await MigrationCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyKeeperSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
