using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace KeyKeeper.Testing;

/// <summary>
/// The machine's Chromium driven by Playwright — never a downloaded browser. Disposing closes the
/// browser and stops Playwright's driver.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    // Root needs --no-sandbox; without the networking flags Chromium keeps trying to reach the outside.
    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    /// <summary><c>CHROMIUM_PATH</c>, else the setting <c>KeyKeeper:Chromium</c> (env <c>KeyKeeper__Chromium</c>), else Debian's.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path
            ? path
            : new ConfigurationBuilder().AddEnvironmentVariables().Build()["KeyKeeper:Chromium"] ?? DefaultPath;

    /// <summary>Starts headless Chromium; throws when it is not installed.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var path = ExecutablePath;
        // Fail, never skip: a browser test that did not run must not look like one that passed.
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Chromium is not at {path}: install it: apt-get install -y chromium (or set CHROMIUM_PATH).", path);
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Args = Arguments });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A fresh context (no cookies) with a <paramref name="width"/> × <paramref name="height"/>
    /// viewport, waiting up to <paramref name="timeout"/> for actions and navigations; the caller disposes it.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(int width, int height, TimeSpan timeout)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)timeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
