using KeyKeeper.Frontend;
using KeyKeeper.Frontend.Apis;
using KeyKeeper.Frontend.Gateway;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.Security;
using KeyKeeper.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyKeeperFrontend();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapAccountApi();
app.MapTwoFactorApi();
app.MapAppTokensApi();
app.MapKeysApi();
app.MapKeyUseApi();
app.MapProviderGateway();
app.MapAuditApi();
app.MapUsageApi();
app.MapKeyKeeperOpenApi();
app.MapRazorPages();
app.Run();
