using System.Diagnostics;
using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Makini.Grpc.V1;

namespace Makini.Grpc.Bench;

/// <summary>Token resolution on the hot path: GetConnectionInfo (authenticated, warm cache) against the no-auth
/// grpc.health.v1.Health/Check on the same server, then the cost of a cold-cache call (L1 and Redis miss).</summary>
public static class AuthBenchmark
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        using var channel = GrpcChannel.ForAddress(o.Server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var admin = new Metadata { { "authorization", "Bearer " + o.AdminKey } };
        var accounts = new AccountService.AccountServiceClient(channel);
        var links = new LinkService.LinkServiceClient(channel);
        var connections = new ConnectionService.ConnectionServiceClient(channel);
        var info = new ConnectionInfoService.ConnectionInfoServiceClient(channel);
        var health = new Health.HealthClient(channel);

        var account = await accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = "bench", Credits = 10 }, admin);
        // Measures the server, not our rate limits: the account may call as often as the benchmark can.
        await accounts.UpdateAccountRateLimitsAsync(new UpdateAccountRateLimitsRequest
            { AccountId = account.Account.AccountId, ConnectionRequestsPerMinute = 1_000_000, AccountRequestsPerMinute = 1_000_000 }, admin);
        var accountKey = new Metadata { { "authorization", "Bearer " + account.ApiKey } };
        using var http = new HttpClient();
        var emulatorBase = $"{o.Emulators}/upkeep-bench{Random.Shared.Next(1_000_000)}";
        var credentials = await http.GetFromJsonAsync<Dictionary<string, string>>($"{emulatorBase}/_emulator/credentials");
        var link = (await links.CreateLinkSessionAsync(new CreateLinkSessionRequest { EndUserId = "bench" }, accountKey)).LinkSession;
        var completed = await links.CompleteLinkAsync(new CompleteLinkRequest
        {
            SystemId = "upkeep", Deployment = Deployment.Cloud, BaseUrl = emulatorBase, Credentials = { credentials },
        }, new Metadata { { "authorization", "Bearer " + link.LinkToken } });
        var exchanged = await links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, accountKey);
        var token = new Metadata { { "authorization", "Bearer " + exchanged.ApiToken } };

        // Warm up both paths (JIT, connections, caches).
        await Measure.ClosedLoopAsync("warm-up", o.Concurrency, TimeSpan.FromSeconds(2), async () => await health.CheckAsync(new HealthCheckRequest()));
        await Measure.ClosedLoopAsync("warm-up", o.Concurrency, TimeSpan.FromSeconds(2), async () => await info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), token));

        var baseline = await Measure.ClosedLoopAsync("Health/Check (no auth)", o.Concurrency, o.Duration,
            async () => await health.CheckAsync(new HealthCheckRequest()));
        var authed = await Measure.ClosedLoopAsync("GetConnectionInfo (warm token cache)", o.Concurrency, o.Duration,
            async () => await info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), token));

        // Cold: every rotation yields a token no cache has seen, so its first call resolves from PostgreSQL.
        var cold = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var fresh = (await connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = exchanged.Connection.ConnectionId }, accountKey)).ApiToken;
            var start = Stopwatch.GetTimestamp();
            await info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), new Metadata { { "authorization", "Bearer " + fresh } });
            cold.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var coldSorted = cold.Order().ToArray();

        Console.WriteLine();
        Console.WriteLine($"Token resolution benchmark: {o.Concurrency} concurrent callers, {o.Duration.TotalSeconds:N0} s each, {Environment.ProcessorCount} cores");
        Console.WriteLine(baseline);
        Console.WriteLine(authed);
        Console.WriteLine($"{"throughput ratio (authenticated / health)",-34} {authed.PerSecond / baseline.PerSecond,10:P1}   (target >= 80%)");
        Console.WriteLine($"{"cold-cache call (L1 + Redis miss)",-34} {"",10}   p50 {Measure.Percentile(coldSorted, 0.5),7:N3} ms   p99 {Measure.Percentile(coldSorted, 0.99),7:N3} ms   ({cold.Count} calls; target p99 < 5 ms)");
        return 0;
    }
}
