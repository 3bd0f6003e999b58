using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;
using StackExchange.Redis;

namespace Makini.Grpc.IntegrationTests.Cluster;

/// <summary>Redis is only a cache: flushing or stopping it loses nothing. These tests give a node its own
/// redis-server so they can stop it without disturbing the rest of the suite.</summary>
public sealed class RedisLossTests
{
    [Fact]
    public async Task Flushing_redis_loses_nothing()
    {
        var stack = await Stack.GetAsync();
        await using var redis = await RedisProcess.StartAsync();
        await using var node = await Stack.StartExtraNodeAsync(redis.ConnectionString);
        var api = new Api(node.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var kept = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        var revoked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(kept.Token));
        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = revoked.Id }, Api.Bearer(key));

        await redis.FlushAllAsync();

        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(kept.Token))).Connection.ConnectionId.ShouldBe(kept.Id);
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(revoked.Token)).ShouldFail(StatusCode.Unauthenticated);
        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key))).Used.ShouldBe(1);
    }

    [Fact]
    public async Task With_redis_stopped_calls_authenticate_from_postgres_and_it_is_logged_once()
    {
        var stack = await Stack.GetAsync();
        var redis = await RedisProcess.StartAsync();
        await using var node = await Stack.StartExtraNodeAsync(redis.ConnectionString);
        var api = new Api(node.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var kept = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        var revoked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(revoked.Token));

        await redis.DisposeAsync(); // stopped
        for (var i = 0; i < 30; i++)
            (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(kept.Token))).Connection.ConnectionId.ShouldBe(kept.Id);
        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = revoked.Id }, Api.Bearer(key));
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(revoked.Token)).ShouldFail(StatusCode.Unauthenticated);
        var linkedWhileDown = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        node.Log.Count(l => l.Contains("Redis is unreachable")).ShouldBe(1, string.Join("\n", node.Log.TakeLast(30)));

        // Redis comes back empty; the node uses it again and the revoked token stays revoked.
        await using var restarted = await RedisProcess.StartAsync(redis.Port);
        await WaitForAsync(() => node.Log.Any(l => l.Contains("Redis is reachable again")));
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linkedWhileDown.Token))).Connection.ConnectionId.ShouldBe(linkedWhileDown.Id);
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(revoked.Token)).ShouldFail(StatusCode.Unauthenticated);

        // Once its lease is back the node fills Redis again: a token it has never seen lands there.
        var filled = false;
        for (var i = 0; i < 50 && !filled; i++)
        {
            var fresh = (await api.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = kept.Id }, Api.Bearer(key))).ApiToken;
            (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(fresh))).Connection.ConnectionId.ShouldBe(kept.Id);
            filled = (await restarted.KeysAsync()).Any(k => k.EndsWith(":tok"));
            if (!filled) await Task.Delay(100);
        }
        filled.ShouldBeTrue();
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(revoked.Token)).ShouldFail(StatusCode.Unauthenticated);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(100);
        condition().ShouldBeTrue();
    }
}

/// <summary>A private redis-server for tests that flush or stop it.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;

    private RedisProcess(ChildProcess process, int port, string dir)
    {
        _process = process;
        Port = port;
        _dir = dir;
    }

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync(int? port = null)
    {
        var p = port ?? TestEnvironment.FreePort();
        var dir = Directory.CreateTempSubdirectory("makini-redis-").FullName;
        var process = ChildProcess.Start(TestEnvironment.RedisServerBinary,
            ["--port", p.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], new Dictionary<string, string>());
        await process.WaitForPortAsync(p, TimeSpan.FromSeconds(20));
        return new RedisProcess(process, p, dir);
    }

    public async Task FlushAllAsync()
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        await mux.GetServers()[0].FlushAllDatabasesAsync();
    }

    public async Task<List<string>> KeysAsync()
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        return mux.GetServers()[0].Keys(pattern: "*").Select(k => k.ToString()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
