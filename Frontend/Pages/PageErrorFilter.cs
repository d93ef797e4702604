using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace KeyKeeper.Frontend.Pages;

/// <summary>
/// What a page does when a grain call fails: a session the grain no longer accepts (revoked,
/// expired, password changed elsewhere) signs the cookie out and goes to the login page; an
/// unreachable key store renders the page again with a short message, never a stack trace.
/// </summary>
public sealed partial class PageErrorFilter(ILogger<PageErrorFilter> logger) : IAsyncPageFilter
{
    /// <summary>The <c>ViewData</c> entry the layout shows as the page's problem.</summary>
    public const string ServiceProblemKey = "ServiceProblem";

    public const string UnavailableMessage = "The service is unavailable right now; please try again.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        switch (executed.Exception)
        {
            case SessionRejectedException:
                await SessionCookie.SignOutAsync(context.HttpContext);
                executed.Result = new RedirectToPageResult("/Login");
                executed.ExceptionHandled = true;
                break;
            case KeyStoreUnavailableException or OrleansException or NpgsqlException or TimeoutException when executed.HandlerInstance is PageModel page:
                LogUnavailable(executed.Exception, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
                page.ViewData[ServiceProblemKey] = UnavailableMessage;
                executed.Result = new PageResult { StatusCode = StatusCodes.Status503ServiceUnavailable };
                executed.ExceptionHandled = true;
                break;
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Method} {Path}: the key store is unavailable.")]
    private partial void LogUnavailable(Exception exception, string method, string path);
}
