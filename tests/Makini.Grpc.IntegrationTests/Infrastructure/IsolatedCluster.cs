using Npgsql;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>Server nodes with a database and a redis-server of their own (on the suite's PostgreSQL server), for
/// tests that kill nodes or count what every node did without the shared node taking part.</summary>
public sealed class IsolatedCluster : IAsyncDisposable
{
    private readonly List<ServerNode> _nodes = [];
    private readonly Cluster.RedisProcess _redis;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private IsolatedCluster(string database, Cluster.RedisProcess redis, IReadOnlyDictionary<string, string> settings)
    {
        Database = database;
        _redis = redis;
        _settings = settings;
    }

    /// <summary>The cluster's own database, for assertions in SQL.</summary>
    public string Database { get; }

    public IReadOnlyList<ServerNode> Nodes => _nodes;

    public static async Task<IsolatedCluster> StartAsync(int nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var name = "makini_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(TestEnvironment.Postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = name }.ConnectionString;
        var merged = new Dictionary<string, string>(Stack.ServerSettings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) merged[k] = v;
        merged["ConnectionStrings__Postgres"] = database;
        var cluster = new IsolatedCluster(database, await Cluster.RedisProcess.StartAsync(), merged);
        for (var i = 0; i < nodes; i++) await cluster.AddNodeAsync();
        return cluster;
    }

    public async Task<ServerNode> AddNodeAsync()
    {
        var node = await ServerNode.StartAsync(Stack.AdminKey, Stack.MasterKey, _redis.ConnectionString, _settings);
        _nodes.Add(node);
        return node;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (n, v) in parameters) command.Parameters.AddWithValue(n, v);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<string?> TextAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (n, v) in parameters) command.Parameters.AddWithValue(n, v);
        return await command.ExecuteScalarAsync() as string;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
