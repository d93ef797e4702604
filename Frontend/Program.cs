using KeyKeeper.Frontend;
using KeyKeeper.Frontend.Apis;
using KeyKeeper.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyKeeperFrontend();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAccountApi();
app.MapKeysApi();
app.MapAuditApi();
app.MapRazorPages();
app.Run();
