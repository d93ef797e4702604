using System.Text.Json;
using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace KeyKeeper.Frontend.Errors;

/// <summary>
/// Turns failures into ProblemDetails a client can act on: unreadable requests are 4xx with the
/// reason, an unreachable key store is 503 (retry later) — never a 2xx for something unsaved.
/// </summary>
public sealed partial class ServiceExceptionHandler(IProblemDetailsService problemDetails, ILogger<ServiceExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Describe(exception);
        if (status >= 500)
        {
            LogFailure(exception, context.Request.Method, context.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        else if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = BearerTokenHandler.SchemeName;
        }
        else if (exception is TooManyAttemptsException tooMany)
        {
            RetryAfter.Set(context.Response, tooMany.RetryAfter);
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (exception is KeyVersionMismatchException { CurrentVersion: { } current })
        {
            // The error path strips ETag headers, so the version the client must reload to is in the body.
            problem.ProblemDetails.Extensions["currentVersion"] = current;
        }

        return await problemDetails.TryWriteAsync(problem);
    }

    private static (int Status, string Title, string Detail) Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException } =>
            (StatusCodes.Status400BadRequest, "Malformed JSON", "The request body is not valid JSON of the expected shape."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, "Request too large", "The request body is larger than this service accepts."),
        BadHttpRequestException bad =>
            (bad.StatusCode, "Bad request", bad.Message),
        KeyVersionMismatchException mismatch =>
            (StatusCodes.Status412PreconditionFailed, "Changed elsewhere", mismatch.Message),
        SessionRejectedException rejected =>
            (StatusCodes.Status401Unauthorized, "Authentication required", rejected.Message),
        ScopeDeniedException denied =>
            (StatusCodes.Status403Forbidden, "Not allowed with this token", denied.Message),
        TooManyAttemptsException tooMany =>
            (StatusCodes.Status429TooManyRequests, "Too many attempts", $"Too many failed attempts: the account is locked. Try again in {RetryAfter.Seconds(tooMany.RetryAfter)} seconds."),
        AccountConflictException conflict =>
            (StatusCodes.Status409Conflict, "Conflict", conflict.Message),
        KeyStoreUnavailableException unavailable =>
            (StatusCodes.Status503ServiceUnavailable, "Key store unavailable", unavailable.Message),
        ArgumentException argument =>
            (StatusCodes.Status400BadRequest, "Invalid input", argument.Message),
        OrleansException or NpgsqlException or TimeoutException =>
            (StatusCodes.Status503ServiceUnavailable, "Key store unavailable", "The key store cannot be reached right now. Nothing was changed; please try again."),
        _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The request failed unexpectedly."),
    };

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed.")]
    private partial void LogFailure(Exception exception, string method, string path);
}
