using System.Text.Json;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults.Providers;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>
/// The gateway's own refusals in the error format of the provider the app thinks it is talking
/// to, so that provider's SDK raises its usual typed error (authentication, permission, not found…).
/// </summary>
public static class ProviderErrors
{
    public static Task WriteAsync(HttpContext context, ProviderAuth format, int status, string message, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = KeyKeeperException.WholeSeconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(Body(format, status, message)), context.RequestAborted);
    }

    private static object Body(ProviderAuth format, int status, string message) => format switch
    {
        ProviderAuth.Anthropic => new { type = "error", error = new { type = AnthropicType(status), message } },
        ProviderAuth.Google => new { error = new { code = status, message, status = GoogleStatus(status) } },
        _ => new { error = new { message, type = OpenAIType(status), param = (string?)null, code = OpenAICode(status) } },
    };

    private static string AnthropicType(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        < 500 => "invalid_request_error",
        503 => "overloaded_error",
        _ => "api_error",
    };

    private static string GoogleStatus(int status) => status switch
    {
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        < 500 => "INVALID_ARGUMENT",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    };

    private static string OpenAIType(int status) => status switch
    {
        429 => "rate_limit_exceeded",
        < 500 => "invalid_request_error",
        _ => "server_error",
    };

    private static string? OpenAICode(int status) => status switch
    {
        401 => "invalid_api_key",
        403 => "permission_denied",
        404 => "not_found",
        429 => "rate_limit_exceeded",
        _ => null,
    };
}
