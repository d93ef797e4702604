using KeyKeeper.Frontend;
using KeyKeeper.Frontend.Apis;
using KeyKeeper.Frontend.Security;
using KeyKeeper.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyKeeperFrontend();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAccountApi();
app.MapKeysApi();
app.MapAuditApi();
app.Run();
