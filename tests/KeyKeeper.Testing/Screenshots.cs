using Microsoft.Playwright;

namespace KeyKeeper.Testing;

/// <summary>
/// Where tests save their screenshots: <c>KEYKEEPER_SCREENSHOTS</c>, else
/// <c>TestResults/screenshots</c> under the repository.
/// </summary>
public static class Screenshots
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("KEYKEEPER_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Repository.Root, "TestResults", "screenshots");

    /// <summary>Saves the whole page (not just the viewport) as <paramref name="fileName"/> in <see cref="Folder"/>.</summary>
    public static async Task<FileInfo> CaptureAsync(IPage page, string fileName)
    {
        var path = Path.Combine(Directory.CreateDirectory(Folder).FullName, fileName);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return new FileInfo(path);
    }
}
