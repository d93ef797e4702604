using System.Text.Json;
using KeyKeeper.Frontend.Apis;
using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Errors;

/// <summary>Never a 2xx for something unsaved; a failure that is no refusal is a 500 that says nothing more.</summary>
public sealed partial class ServiceExceptionHandler(IProblemDetailsService problemDetails, ILogger<ServiceExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a 503 tells the client to wait: the key store gives no time of its own.</summary>
    public static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>What each refusal is over HTTP, for the API and the pages alike.</summary>
    public static (int Status, string Title) Describe(FailureCode code) => code switch
    {
        FailureCode.InvalidInput => (StatusCodes.Status400BadRequest, "Invalid input"),
        FailureCode.SessionRejected => (StatusCodes.Status401Unauthorized, "Authentication required"),
        FailureCode.LoginFailed => (StatusCodes.Status401Unauthorized, "Login failed"),
        FailureCode.WrongPassword => (StatusCodes.Status403Forbidden, "Not confirmed"),
        FailureCode.NotAllowed => (StatusCodes.Status403Forbidden, "Not allowed with this token"),
        FailureCode.NotFound => (StatusCodes.Status404NotFound, "Not found"),
        FailureCode.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
        FailureCode.Unreadable => (StatusCodes.Status409Conflict, "Key unreadable"),
        FailureCode.VersionMismatch => (StatusCodes.Status412PreconditionFailed, "Changed elsewhere"),
        FailureCode.TooManyAttempts => (StatusCodes.Status429TooManyRequests, "Too many attempts"),
        FailureCode.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Key store unavailable"),
        _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
    };

    /// <summary>Orleans failing to reach the cluster, or timing out, counts as <see cref="FailureCode.Unavailable"/>.</summary>
    public static KeyKeeperException? AsRefusal(Exception exception) => exception switch
    {
        KeyKeeperException refusal => refusal,
        OrleansException or TimeoutException => KeyKeeperException.Unavailable(),
        _ => null,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var refusal = AsRefusal(exception) ?? ProviderNameBinding.RefusalOf(context.Features.Get<IExceptionHandlerFeature>(), context.Request, exception);
        var problem = refusal is null ? Describe(exception) : Describe(context.Response, refusal);
        if (problem.Status >= 500)
        {
            LogFailure(exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    private static ProblemDetails Describe(HttpResponse response, KeyKeeperException refusal)
    {
        var (status, title) = Describe(refusal.Code);
        if (refusal is { Code: FailureCode.InvalidInput, Field: { } field })
        {
            // The shape of every other input check's ValidationProblem: the field and what is wrong with it.
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [refusal.Message] }) { Status = status };
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = refusal.Message };
        switch (refusal.Code)
        {
            case FailureCode.SessionRejected:
                // A dead token on an authorized route is a bearer challenge; a failed login is not.
                response.Headers.WWWAuthenticate = BearerTokenHandler.SchemeName;
                break;
            case FailureCode.LoginFailed:
                problem.Extensions["twoFactorRequired"] = refusal.TwoFactorRequired;
                break;
            case FailureCode.VersionMismatch when refusal.CurrentVersion is { } current:
                // The error path strips ETag headers, so the version the client must reload to is in the body.
                problem.Extensions["currentVersion"] = current;
                break;
            case FailureCode.TooManyAttempts or FailureCode.Unavailable:
                RetryAfter.Set(response, refusal.RetryAfter ?? UnavailableRetryAfter);
                break;
        }

        return problem;
    }

    private static ProblemDetails Describe(Exception exception)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException } =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", "The request body is not valid JSON of the expected shape."),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request too large", "The request body is larger than this service accepts."),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Bad request", bad.Message),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The request failed unexpectedly."),
        };
        return new ProblemDetails { Status = status, Title = title, Detail = detail };
    }

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed.")]
    private partial void LogFailure(Exception exception, string method, string path);
}
