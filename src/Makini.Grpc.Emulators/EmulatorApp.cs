using Makini.Grpc.Emulators.BusinessCentral;
using Makini.Grpc.Emulators.Hosting;
using Makini.Grpc.Emulators.Maximo;
using Makini.Grpc.Emulators.NetSuite;
using Makini.Grpc.Emulators.Sap;
using Makini.Grpc.Emulators.UpKeep;
using Microsoft.AspNetCore.Hosting;

namespace Makini.Grpc.Emulators;

/// <summary>One process that emulates all five source systems, each under its own path prefix.</summary>
public static class EmulatorApp
{
    public const int DefaultPort = 5090;
    public const string PortVariable = "MAKINI_EMULATOR_PORT";

    /// <summary>Builds the emulator host. <c>--urls</c> wins; otherwise 127.0.0.1 on MAKINI_EMULATOR_PORT or 5090.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls($"http://127.0.0.1:{ConfiguredPort()}");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ISystemEmulator, SapEmulator>();
        builder.Services.AddSingleton<ISystemEmulator, NetSuiteEmulator>();
        builder.Services.AddSingleton<ISystemEmulator, BusinessCentralEmulator>();
        builder.Services.AddSingleton<ISystemEmulator, MaximoEmulator>();
        builder.Services.AddSingleton<ISystemEmulator, UpKeepEmulator>();
        builder.Services.AddSingleton<InstanceRegistry>();
        builder.Services.AddSingleton<ControlApi>();
        builder.Services.AddSingleton<EmulatorGateway>();

        var app = builder.Build();
        ExitWithParent(app);
        var gateway = app.Services.GetRequiredService<EmulatorGateway>();
        app.Run(gateway.InvokeAsync);
        return app;
    }

    /// <summary>With <c>MAKINI_EXIT_WITH_PID</c> set (test runs), stop when that process is gone.</summary>
    private static void ExitWithParent(WebApplication app)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("MAKINI_EXIT_WITH_PID"), out var pid)) return;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(1000);
                try { using var parent = System.Diagnostics.Process.GetProcessById(pid); if (parent.HasExited) break; }
                catch (ArgumentException) { break; }
            }
            app.Lifetime.StopApplication();
        });
    }

    private static int ConfiguredPort()
    {
        var raw = Environment.GetEnvironmentVariable(PortVariable);
        if (string.IsNullOrWhiteSpace(raw))
            return DefaultPort;
        if (int.TryParse(raw, out var port) && port is >= 0 and < 65536)
            return port;
        throw new InvalidOperationException($"{PortVariable} must be a TCP port number, not '{raw}'.");
    }
}
