using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The machine's Chromium driven by Playwright (never a downloaded browser): launched once per
/// collection, on first use, so the collection's other tests run without it. Each test opens its
/// own <see cref="IBrowserContext"/> (its own cookies).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>Generous for a busy two-core machine; Playwright waits only as long as it must.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Root needs --no-sandbox; without the networking flags Chromium keeps trying to reach the outside.
    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary><c>CHROMIUM_PATH</c>, else the setting <c>KeyKeeper:Chromium</c> (env <c>KeyKeeper__Chromium</c>), else Debian's.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path
            ? path
            : new ConfigurationBuilder().AddEnvironmentVariables().Build()["KeyKeeper:Chromium"] ?? DefaultPath;

    public Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        return Task.CompletedTask;
    }

    /// <summary>A fresh context (no cookies, the size the screenshots are taken at); the test disposes it.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var browser = await LaunchAsync();
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _launch.Dispose();
    }

    private async Task<IBrowser> LaunchAsync()
    {
        await _launch.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }

            var path = ExecutablePath;
            // Fail, never skip: a browser test that did not run must not look like one that passed.
            Assert.True(File.Exists(path), $"Chromium is not at {path}: install it: apt-get install -y chromium (or set CHROMIUM_PATH).");
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Args = Arguments });
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }
}
