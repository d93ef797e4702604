namespace KeyKeeper.Frontend.Security;

/// <summary>No caching of <c>/api</c> responses: they may hold key values or tokens.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static readonly PathString ApiPath = "/api";

    /// <summary>Where a page that cannot live with the strict policy (the Development-only API reference) puts its own.</summary>
    public const string PolicyItemKey = "KeyKeeper.ContentSecurityPolicy";

    /// <summary>Call it first, so the headers are also on responses the exception handler rewrites.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Set when the response starts: the exception handler clears headers set before it.
            context.Response.OnStarting(() =>
            {
                Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });

        if (!app.Environment.IsDevelopment())
        {
            // Only on HTTPS requests, and never for localhost: HstsOptions.ExcludedHosts.
            app.UseHsts();
        }

        return app;
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Items[PolicyItemKey] as string ?? ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Path.StartsWithSegments(ApiPath))
        {
            headers.CacheControl = "no-store";
        }
    }
}
