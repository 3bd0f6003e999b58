using Makini.Grpc.Connectors;
using Makini.Grpc.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.Infrastructure;

/// <summary>
/// Starts the emulator in-process on a free loopback port, and the connectors as the product registers them
/// (with short backoff delays so retry tests stay fast). Each test works on its own emulator instance.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri Root { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ServiceProvider Services { get; private set; } = null!;

    public ConnectorRegistry Connectors => Services.GetRequiredService<ConnectorRegistry>();

    public async Task InitializeAsync()
    {
        _app = EmulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        Root = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
        Services = new ServiceCollection()
            .AddSourceConnectors(http =>
            {
                http.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
                http.MaxRetryDelay = TimeSpan.FromSeconds(2);
                http.AttemptTimeout = TimeSpan.FromSeconds(5);
                http.TotalTimeout = TimeSpan.FromSeconds(10);
            })
            .BuildServiceProvider();
    }

    /// <summary>A fresh, isolated instance of a system, e.g. <c>http://127.0.0.1:41234/sap-t17x3k</c>.</summary>
    public EmulatedInstance NewInstance(string prefix) =>
        new(Http, new Uri(Root, $"{prefix}-{InstanceNames.Next()}"));

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Http.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
