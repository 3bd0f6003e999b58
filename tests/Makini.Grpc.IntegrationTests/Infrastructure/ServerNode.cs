using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>One Makini server process on a free port, against the test PostgreSQL and a Redis.</summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ServerNode(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    }

    public int Port { get; }
    public GrpcChannel Channel { get; }
    public IEnumerable<string> Log => _process.Output;

    public static async Task<ServerNode> StartAsync(string adminKey, string masterKey, string? redis = null,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var port = TestEnvironment.FreePort();
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestEnvironment.Postgres,
            ["ConnectionStrings__Redis"] = redis ?? TestEnvironment.Redis,
            ["MAKINI_PORT"] = port.ToString(),
            ["MAKINI_ADMIN_KEY"] = adminKey,
            ["MAKINI_MASTER_KEY"] = masterKey,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            ["DOTNET_gcServer"] = "0",
        };
        env["Makini__SourceHttp__AttemptTimeout"] = "00:00:03";
        env["Makini__SourceHttp__RetryBaseDelay"] = "00:00:00.200";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        var process = ChildProcess.Start("dotnet", [TestEnvironment.ServerDll], env);
        await process.WaitForPortAsync(port, TimeSpan.FromSeconds(90));
        var node = new ServerNode(process, port);
        await node.WaitHealthyAsync();
        return node;
    }

    private async Task WaitHealthyAsync()
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (global::Grpc.Core.RpcException) when (DateTime.UtcNow < deadline) { }
            await Task.Delay(200);
        }
    }

    public void Kill() => _process.Kill();

    public int ProcessId => _process.Id;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _process.DisposeAsync();
    }
}
