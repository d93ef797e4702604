using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace KeyKeeper.AppHost.Postgres;

/// <summary>Whether the container runtime Aspire would use answers: without one, containers never start.</summary>
public static class ContainerRuntimeProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static string GetRuntimeName(IConfiguration configuration) =>
        new[]
        {
            configuration["DcpPublisher:ContainerRuntime"],
            configuration["ASPIRE_CONTAINER_RUNTIME"],
            configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"],
        }.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name)) ?? "docker";

    public static bool Answers(string runtime)
    {
        var startInfo = new ProcessStartInfo(runtime, "info")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process? process;
        try
        {
            process = Process.Start(startInfo);
        }
        catch (Win32Exception)
        {
            return false; // not installed
        }

        if (process is null)
        {
            return false;
        }

        using (process)
        {
            // Drain the pipes so a chatty runtime cannot block on a full buffer.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
    }
}
