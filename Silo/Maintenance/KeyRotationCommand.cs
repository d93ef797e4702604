using System.Text.Json;
using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Maintenance;

/// <summary>
/// <c>KeyKeeper.Silo rotate-keys</c>: re-wraps every user's data key under the active
/// key-encryption key while the cluster keeps serving. It joins the running cluster as a client
/// (the grains are the only writers of their state), prints a JSON report, and exits 0 when no
/// user still needs another key, 1 otherwise (run it again to continue), 2 on bad configuration.
/// </summary>
public static class KeyRotationCommand
{
    public const string Verb = "rotate-keys";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.ConfigureOpenTelemetry();
        builder.AddKeyKeeperDatabase();
        builder.Services.AddKeyEncryption();
        builder.Services.AddSingleton<KeyRotation>();
        builder.UseOrleansClient(client => client.UseKeyKeeperClustering().UseKeyKeeperTls());

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KeyKeeper.KeyRotation");
        try
        {
            await host.StartAsync();
        }
        catch (Exception e) when (ServiceDefaultsExtensions.CannotStartReason(e) is { } reason)
        {
            logger.LogError("Key rotation cannot start: {Reason}", reason);
            return 2;
        }

        var exitCode = 1;
        try
        {
            var report = await host.Services.GetRequiredService<KeyRotation>().RunAsync();
            logger.LogInformation(
                "Key rotation to {ActiveKeyId}: {Checked} users checked, {Rewrapped} re-wrapped, {AlreadyCurrent} already current, {Unreadable} unreadable, {Failed} failed, {Remaining} still on another key.",
                report.ActiveKeyId, report.Checked, report.Rewrapped, report.AlreadyCurrent, report.Unreadable, report.Failed, report.Remaining);
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            exitCode = report.Remaining == 0 && report.Failed == 0 ? 0 : 1;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Key rotation failed: {Message}", e.Message);
        }

        await host.StopAsync();
        return exitCode;
    }
}
