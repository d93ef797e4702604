using KeyKeeper.Frontend.Authentication;

namespace KeyKeeper.Frontend.Pages;

public static class PagesServiceExtensions
{
    public static IHostApplicationBuilder AddKeyKeeperPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options => options.Conventions
                .AuthorizeFolder("/", SessionCookie.PolicyName)
                .AllowAnonymousToPage("/Login")
                .AllowAnonymousToPage("/Signup"))
            .AddMvcOptions(options => options.Filters.Add<PageErrorFilter>());
        builder.Services.AddAuthorizationBuilder().AddPolicy(SessionCookie.PolicyName, policy => policy
            .AddAuthenticationSchemes(SessionCookie.SchemeName)
            .RequireAuthenticatedUser());
        builder.Services.AddSingleton<LoginChallengeCookie>();
        // The antiforgery cookie keeps SameAsRequest: antiforgery refuses to work at all with
        // Always on a plain-http request, and the token pair is worthless without the session.
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "kk.antiforgery");
        return builder;
    }
}
