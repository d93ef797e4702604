using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// Writes <c>/health</c> as <c>{"status":"Healthy","checks":{"database":"Healthy",…}}</c>: each
/// check by name with its status, so the AppHost can show every check of every resource in the
/// dashboard. Descriptions and exceptions stay in the service's own logs: the answer is public.
/// </summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var answer = new ServiceHealth(
            report.Status.ToString(),
            report.Entries.OrderBy(entry => entry.Key, StringComparer.Ordinal).ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString()));
        return JsonSerializer.SerializeAsync(context.Response.Body, answer, JsonSerializerOptions.Web, context.RequestAborted);
    }

    /// <summary>The body of <c>/health</c>.</summary>
    public sealed record ServiceHealth(string Status, IReadOnlyDictionary<string, string> Checks);
}
