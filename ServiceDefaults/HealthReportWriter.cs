using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KeyKeeper.ServiceDefaults;

/// <summary>Each check's name and status only: the answer is public, so reasons stay in the service's logs.</summary>
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

    public sealed record ServiceHealth(string Status, IReadOnlyDictionary<string, string> Checks);
}
