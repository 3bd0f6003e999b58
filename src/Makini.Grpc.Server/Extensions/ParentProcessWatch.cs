using System.Diagnostics;

namespace Makini.Grpc.Server.Extensions;

/// <summary>With <c>MAKINI_EXIT_WITH_PID</c> set (test runs and scripts that start servers as children), the server stops
/// when that process is gone, so a killed test run leaves no server behind.</summary>
public sealed class ParentProcessWatch(IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("MAKINI_EXIT_WITH_PID"), out var pid)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { using var parent = Process.GetProcessById(pid); if (parent.HasExited) break; }
            catch (ArgumentException) { break; }
        }
        lifetime.StopApplication();
    }
}
