using KeyKeeper.Testing;
using Microsoft.Playwright;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The machine's Chromium (<see cref="ChromiumBrowser"/>): launched once per collection, on first
/// use, so the collection's other tests run without it. Each test opens its own
/// <see cref="IBrowserContext"/> (its own cookies).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Generous for a busy two-core machine; Playwright waits only as long as it must.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _launch = new(1, 1);
    private ChromiumBrowser? _browser;

    public Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        return Task.CompletedTask;
    }

    /// <summary>A fresh context (no cookies, the size the screenshots are taken at); the test disposes it.</summary>
    public async Task<IBrowserContext> NewContextAsync() => await (await LaunchAsync()).NewContextAsync(1280, 800, Timeout);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _launch.Dispose();
    }

    private async Task<ChromiumBrowser> LaunchAsync()
    {
        await _launch.WaitAsync();
        try
        {
            return _browser ??= await ChromiumBrowser.LaunchAsync();
        }
        finally
        {
            _launch.Release();
        }
    }
}
