using KeyKeeper.Frontend.Apis;
using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.Errors;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KeyKeeper.Frontend.Pages;

/// <summary>
/// A dead session signs out to the login page, an unreachable key store renders the page with a short message,
/// and every other refusal is shown next to the posted form with the status the API would give.
/// </summary>
public sealed partial class PageErrorFilter(ILogger<PageErrorFilter> logger) : IAsyncPageFilter
{
    /// <summary>The <c>ViewData</c> entry the layout shows as the page's problem.</summary>
    public const string ServiceProblemKey = "ServiceProblem";

    public const string UnavailableMessage = "The service is unavailable right now; please try again.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (ProviderNameBinding.RefusalOf(context.HandlerMethod, context.HandlerArguments) is { } malformed)
        {
            context.Result = await ResultOfAsync(malformed, context.HandlerInstance, context.HttpContext) ?? throw malformed;
            return;
        }

        var executed = await next();
        if (executed is { Exception: { } exception, ExceptionHandled: false } && await ResultOfAsync(exception, executed.HandlerInstance, context.HttpContext) is { } result)
        {
            executed.Result = result;
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>Null when it is not a refusal: it stays a 500.</summary>
    private async Task<IActionResult?> ResultOfAsync(Exception exception, object page, HttpContext http, bool onTheForm = true)
    {
        switch (ServiceExceptionHandler.AsRefusal(exception))
        {
            case { Code: FailureCode.SessionRejected }:
                await SessionCookie.SignOutAsync(http);
                return new RedirectToPageResult("/Login");
            case { Code: FailureCode.Unavailable } when page is PageModel model:
                LogUnavailable(exception, http.Request.Method, http.Request.Path);
                model.ViewData[ServiceProblemKey] = UnavailableMessage;
                return new PageResult { StatusCode = StatusCodes.Status503ServiceUnavailable };
            case { } refusal when onTheForm && page is IShowsRefusals form:
                try
                {
                    return await form.ShowRefusalAsync(refusal, ServiceExceptionHandler.Describe(refusal.Code).Status);
                }
                catch (Exception again) when (ServiceExceptionHandler.AsRefusal(again) is not null)
                {
                    // Rendering the page again met the grain's refusal too (the key store went away).
                    return await ResultOfAsync(again, page, http, onTheForm: false);
                }

            default:
                return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Method} {Path}: the key store is unavailable.")]
    private partial void LogUnavailable(Exception exception, string method, string path);
}

/// <summary>A page whose forms show the grain's refusals next to them (see <see cref="PageErrorFilter"/>).</summary>
public interface IShowsRefusals
{
    /// <summary>The page again with the message next to the posted form; null when no form of this request can show it.</summary>
    Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status);
}
