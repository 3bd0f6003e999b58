using Makini.Grpc.IntegrationTests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Makini.Grpc.IntegrationTests.CrossCutting;

public sealed class SecretsAtRestTests
{
    /// <summary>After a connect, neither the API token, the account key nor the source password appears in clear
    /// text in any table, any Redis key or value, or the server log.</summary>
    [Fact]
    public async Task No_token_key_or_source_password_is_stored_in_clear_text()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var emulator = stack.Emulators.NewInstance("sap");
        var credentials = await emulator.CredentialsAsync();
        var password = "Unique-" + Guid.NewGuid().ToString("N");
        credentials["password"] = password;
        await emulator.SetCredentialsAsync(credentials);
        var linked = await api.ConnectAsync(key, emulator, "sap_s4hana");
        await api.Info.GetConnectionInfoAsync(new V1.GetConnectionInfoRequest(), Api.Bearer(linked.Token)); // fills the caches
        var secrets = new[] { linked.Token, key, password, linked.Token[8..], password[7..] };

        var dump = await DumpPostgresAsync();
        dump.ShouldContain(linked.Id); // the dump did read the connection's rows
        foreach (var secret in secrets) dump.ShouldNotContain(secret);

        var redisDump = await DumpRedisAsync();
        redisDump.ShouldContain(linked.Id);
        foreach (var secret in secrets) redisDump.ShouldNotContain(secret);

        foreach (var secret in secrets) string.Join("\n", stack.Server.Log).ShouldNotContain(secret);
    }

    private static async Task<string> DumpPostgresAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));

        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) dump.AppendLine(reader.GetString(0));
        }
        return dump.ToString();
    }

    private static async Task<string> DumpRedisAsync()
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis + ",allowAdmin=true");
        var db = mux.GetDatabase();
        var dump = new System.Text.StringBuilder();
        foreach (var k in mux.GetServers()[0].Keys(pattern: "*"))
        {
            dump.AppendLine(k.ToString());
            var type = await db.KeyTypeAsync(k);
            if (type == RedisType.String) dump.AppendLine((await db.StringGetAsync(k)).ToString());
            else if (type == RedisType.Hash) foreach (var e in await db.HashGetAllAsync(k)) dump.AppendLine($"{e.Name}={e.Value}");
        }
        return dump.ToString();
    }
}
