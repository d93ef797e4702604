using System.Diagnostics;
using System.Text.RegularExpressions;
using KeyKeeper.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KeyKeeper.AppHost.Tests;

/// <summary>
/// Full-page screenshots of the Aspire dashboard of a running AppHost, each taken once the page
/// shows what it is for: the resources, a frontend's health checks, the trace of a key save (HTTP
/// request, grain call, database statement), the <c>KeyKeeper</c> meter's saves and the silos'
/// structured logs. Saved to <see cref="Screenshots.Folder"/> as <c>dashboard-*.png</c>.
/// </summary>
internal static class DashboardScreenshots
{
    // Generous for a busy two-core machine; Playwright waits only as long as it must.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Telemetry arrives in batches (every second in Development), and on a cold first run the
    // dashboard's first pages render slowly: a page is reopened until its data is there.
    private static readonly TimeSpan ReopenTimeout = TimeSpan.FromSeconds(120);

    // Replicas are named after their resource with a random suffix of 8 lower-case letters.
    private const string ReplicaSuffix = "(-[a-z]{8})?";

    /// <param name="loginUrl">The dashboard's login link. It carries the browser token, so it is never printed.</param>
    /// <param name="saveTrace">The trace of a <c>PUT /api/keys/{provider}</c>.</param>
    public static async Task TakeAsync(Uri loginUrl, ActivityTraceId saveTrace)
    {
        SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var context = await chromium.NewContextAsync(1440, 900, Timeout);
        var page = await context.NewPageAsync();
        try
        {
            var dashboard = await LogInAsync(page, loginUrl);
            await ResourcesAsync(page, dashboard);
            await HealthChecksAsync(page);
            await SaveTraceAsync(page, new Uri(dashboard, $"/traces/detail/{saveTrace.ToHexString()}"));
            await SavedKeysMetricAsync(page, new Uri(dashboard, "/metrics/resource/silo?meter=KeyKeeper&instrument=keykeeper.keys.saved&duration=1"));
            await SiloLogsAsync(page, new Uri(dashboard, "/structuredlogs/resource/silo"));
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // What the page showed when a step gave up is the first thing to look at.
            var shown = await Screenshots.CaptureAsync(page, "dashboard-failure.png");
            throw new InvalidOperationException($"{failure.Message} (the page as it was: {shown.FullName})", failure);
        }
    }

    /// <summary>Opens the login link, which signs the browser in and lands on the resources page; returns the dashboard's address.</summary>
    private static async Task<Uri> LogInAsync(IPage page, Uri loginUrl)
    {
        var dashboard = new Uri(loginUrl.GetLeftPart(UriPartial.Authority));
        try
        {
            await page.GotoAsync(loginUrl.ToString());
        }
        catch (PlaywrightException)
        {
            // Playwright's message would quote the link, token and all.
            throw new InvalidOperationException($"The dashboard at {dashboard} did not answer its login link.");
        }

        Assert.False(new Uri(page.Url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal), "The dashboard did not accept its browser token.");
        return dashboard;
    }

    private static async Task ResourcesAsync(IPage page, Uri dashboard)
    {
        await OpenUntilShownAsync(page, dashboard, ResourceRows(page, "postgres").Filter(new() { HasText = "Running" }));
        await Expect(ResourceRows(page, "postgres").Filter(new() { HasText = "Running" })).ToHaveCountAsync(1);
        await Expect(ResourceRows(page, "migrator").Filter(new() { HasText = "Finished" })).ToHaveCountAsync(1);
        await Expect(ResourceRows(page, "silo").Filter(new() { HasText = "Running" })).ToHaveCountAsync(2);
        await Expect(ResourceRows(page, "frontend").Filter(new() { HasText = "Running" })).ToHaveCountAsync(2);
        await CaptureAsync(page, "dashboard-resources.png");
    }

    /// <summary>A frontend replica's details: its health checks, whatever they are named, ran and passed.</summary>
    private static async Task HealthChecksAsync(IPage page)
    {
        await ResourceNameCells(page, "frontend").First.ClickAsync();
        var healthChecks = page.Locator("fluent-accordion-item", new() { Has = page.GetByText("Health checks", new() { Exact = true }) });
        await healthChecks.ScrollIntoViewIfNeededAsync();
        // Each of the frontend's own checks by name (AppHost/Health), none failing.
        foreach (var check in new[] { "frontend/self", "frontend/database", "frontend/key-store", "frontend/data-protection" })
        {
            await Expect(healthChecks).ToContainTextAsync(check);
        }

        await Expect(healthChecks).ToContainTextAsync("Healthy");
        await Expect(healthChecks).Not.ToContainTextAsync(new Regex("Unhealthy|Degraded"));
        await CaptureAsync(page, "dashboard-health.png");
    }

    /// <summary>One save, from the frontend's HTTP span through the grain call in a silo to its database statement.</summary>
    private static async Task SaveTraceAsync(IPage page, Uri trace)
    {
        var statement = SpanNameCell(page, "silo", "postgresql");
        await OpenUntilShownAsync(page, trace,
            SpanNameCell(page, "frontend", "PUT /api/keys/{provider}"),
            SpanNameCell(page, "silo", "IUserKeyRing/SaveKeyAsync"),
            statement);
        await Expect(statement).ToContainTextAsync(TestDeployment.Database);

        // The statement's details show its SQL (Npgsql records no parameter values).
        await statement.ClickAsync();
        var query = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Gridcell, new() { Name = "db.query.text" }) });
        await Expect(query).ToContainTextAsync("UPDATE grain_state");
        await CaptureAsync(page, "dashboard-trace-save.png");
    }

    /// <summary>The silos' <c>keykeeper.keys.saved</c>: the chart's filters list the tags of the points received.</summary>
    private static async Task SavedKeysMetricAsync(IPage page, Uri metric)
    {
        var providerKind = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Gridcell, new() { Name = "provider-kind", Exact = true }) });
        await OpenUntilShownAsync(page, metric, page.GetByRole(AriaRole.Heading, new() { Name = "keykeeper.keys.saved" }), providerKind);
        await Expect(providerKind).ToContainTextAsync("openai");
        // The chart is drawn after the page has rendered; its legend names the unit ({key}).
        await Expect(page.GetByText("Keys", new() { Exact = true })).ToBeVisibleAsync();
        await CaptureAsync(page, "dashboard-metrics.png");
    }

    private static async Task SiloLogsAsync(IPage page, Uri logs)
    {
        await OpenUntilShownAsync(page, logs, page.GetByRole(AriaRole.Row).Filter(new() { HasText = "signed up." }));
        await CaptureAsync(page, "dashboard-structured-logs.png");
    }

    /// <summary>
    /// Opens <paramref name="url"/> until each of <paramref name="expected"/> shows: a telemetry
    /// page opened before all its data has arrived does not always update itself.
    /// </summary>
    private static async Task OpenUntilShownAsync(IPage page, Uri url, params ILocator[] expected)
    {
        var deadline = DateTime.UtcNow + ReopenTimeout;
        while (true)
        {
            await page.GotoAsync(url.ToString());
            try
            {
                foreach (var locator in expected)
                {
                    await Expect(locator).ToBeVisibleAsync();
                }

                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>The name cells of a resource's rows on the resources page (one per replica), labelled "type: name".</summary>
    private static ILocator ResourceNameCells(IPage page, string resource) =>
        page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex($"^[^:]+: {resource}{ReplicaSuffix}$") });

    private static ILocator ResourceRows(IPage page, string resource) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = ResourceNameCells(page, resource) });

    /// <summary>A span's name cell in a trace's waterfall, labelled "resource: span name".</summary>
    private static ILocator SpanNameCell(IPage page, string resource, string spanName) =>
        page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex($"^{resource}{ReplicaSuffix}: ") }).Filter(new() { HasText = spanName });

    /// <summary>A full-page screenshot; a blank or failed one would be a few hundred bytes.</summary>
    private static async Task CaptureAsync(IPage page, string fileName)
    {
        var screenshot = await Screenshots.CaptureAsync(page, fileName);
        Assert.True(screenshot.Length > 10_000, $"{screenshot.FullName} is {screenshot.Length} bytes");
    }
}
