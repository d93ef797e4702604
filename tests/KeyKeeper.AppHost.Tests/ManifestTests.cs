using System.Reflection;
using KeyKeeper.Testing;

namespace KeyKeeper.AppHost.Tests;

/// <summary>The committed <c>aspire-manifest.json</c> is what the AppHost publishes now.</summary>
public sealed class ManifestTests
{
    private const string RegenerateCommand = "dotnet run --project AppHost -- --publisher manifest --output-path ../aspire-manifest.json";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CommittedManifestIsWhatTheAppHostPublishes()
    {
        // The AppHost project's directory; the repository root holds it and the manifest.
        var appHostProject = Projects.KeyKeeper_AppHost.ProjectPath;
        var repository = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(appHostProject))!;
        var committed = Path.Combine(repository, "aspire-manifest.json");
        // Paths in a manifest are relative to it, so the fresh one is written next to the committed
        // one. (An output path not ending in .json is taken as a directory.)
        var fresh = Path.Combine(repository, $"aspire-manifest.fresh-{Guid.NewGuid():N}.json");
        try
        {
            // The documented command, on the AppHost this test run built (hence --no-build and its configuration).
            var configuration = typeof(ManifestTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            await ProcessRunner.RunAsync("dotnet",
                ["run", "--no-build", "-c", configuration, "--project", appHostProject, "--",
                    "--publisher", "manifest", "--output-path", fresh],
                Timeout);

            Assert.True(File.Exists(committed), $"There is no {committed}; create it with `{RegenerateCommand}`.");
            var expected = Normalize(await File.ReadAllTextAsync(committed));
            var actual = Normalize(await File.ReadAllTextAsync(fresh));
            if (expected != actual)
            {
                var line = expected.Split('\n').Zip(actual.Split('\n')).TakeWhile(pair => pair.First == pair.Second).Count() + 1;
                Assert.Fail($"aspire-manifest.json differs from what the AppHost publishes (first at line {line}: " +
                    $"'{actual.Split('\n').ElementAtOrDefault(line - 1)?.Trim()}'). Regenerate it from the repository root with `{RegenerateCommand}` and commit it.");
            }
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    private static string Normalize(string manifest) => manifest.ReplaceLineEndings("\n").TrimEnd();
}
