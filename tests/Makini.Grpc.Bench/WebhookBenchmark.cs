using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Makini.Grpc.Bench;

/// <summary>
/// Webhook delivery: 10,000 events queued through the outbox's own statement (one transaction each, as a state change
/// would commit them) for four endpoints on a local receiver, each endpoint subscribed to one event type. First all
/// 10,000 queued while the endpoints are held, then released (on a cold server); a burst (deliveries per second); the
/// queued backlog again three times on a warm server; then a steady rate, in rounds alternately with all endpoints up and
/// with one endpoint dead (it accepts connections and never answers, so each attempt waits out the 10 s timeout).
/// Latency is commit → receipt, or release → receipt for the queued phases.
/// </summary>
public static class WebhookBenchmark
{
    private const int Rounds = 5;
    private static readonly string[] Types = ["sync.completed", "sync.failed", "write.succeeded", "write.failed"];

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var count = o.Count > 0 ? o.Count : 10_000;
        const int perSecond = 1000;
        var receipts = new ConcurrentDictionary<string, DateTimeOffset>();
        var port = FreePort();
        await using var receiver = StartReceiver(port, receipts);
        await WarmUpReceiverAsync(port, receipts);
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start(512);
        var held = new ConcurrentBag<TcpClient>();
        _ = Task.Run(async () => { while (true) held.Add(await blackHole.AcceptTcpClientAsync()); });

        using var channel = GrpcChannel.ForAddress(o.Server);
        var stack = new BenchStack(channel, o);
        var account = await stack.Accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = "webhook bench", Credits = 10 }, BenchStack.Bearer(o.AdminKey));
        var webhooks = new WebhookService.WebhookServiceClient(channel);
        var endpoints = new List<WebhookEndpoint>();
        for (var i = 0; i < Types.Length; i++)
            endpoints.Add((await webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest
            {
                Url = $"http://127.0.0.1:{port}/hooks/{i}", EventTypes = { Types[i] },
            }, BenchStack.Bearer(account.ApiKey))).WebhookEndpoint);

        await using var db = NpgsqlDataSource.Create(o.Postgres);
        var accountId = account.Account.AccountId;

        // 0. Queued: the endpoints are held (their breaker's pause), 10,000 events committed, then released at once. First
        // on a cold server and receiver (their delivery code is still being compiled), later again three times warm.
        Task<Phase> QueuedAsync() => HoldAsync(db, accountId, hold: true).ContinueWith(_ =>
            RunPhaseAsync(db, accountId, count, perSecond: 0, receipts, live: _ => true, beforeDrain: () => HoldAsync(db, accountId, hold: false))).Unwrap();
        var queued = await QueuedAsync();
        // 1. Burst: everything committed as fast as eight writers can while the dispatchers deliver.
        var burst = await RunPhaseAsync(db, accountId, count, perSecond: 0, receipts, live: _ => true);
        // 2. Queued again, warm.
        var warm = new List<Phase>();
        for (var i = 0; i < 3; i++) warm.Add(await QueuedAsync());
        // 3. A steady rate, alternately with all endpoints up and with the fourth dead, in rounds: this machine's cores are
        // shared, and a slow spell of a few seconds would otherwise fall on one side of the comparison.
        var dead = endpoints[3].WebhookEndpointId;
        var up = new List<Phase>();
        var down = new List<Phase>();
        for (var round = 0; round < Rounds; round++)
        {
            up.Add(await RunPhaseAsync(db, accountId, count / 2, perSecond, receipts, live: _ => true));
            await PointAsync(webhooks, account.ApiKey, dead, $"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}/dead");
            down.Add(await RunPhaseAsync(db, accountId, count / 2, perSecond, receipts, live: type => type != Types[3]));
            // Back up: the hung attempts fail (their connections close) and are recorded, what was queued for the dead
            // endpoint is dropped, and its breaker is closed, so the next round starts as the first did.
            while (held.TryTake(out var client)) client.Dispose();
            await ReviveAsync(db, dead);
            await PointAsync(webhooks, account.ApiKey, dead, $"http://127.0.0.1:{port}/hooks/3");
        }
        var steady = Pooled(up);
        var withDead = Pooled(down);

        Console.WriteLine();
        Console.WriteLine($"Webhook delivery: {count:N0} events per phase to 4 endpoints on a local receiver, {Environment.ProcessorCount} cores");
        static double Rate(Phase q) => q.Delivered / (q.DrainSeconds - q.CommitSeconds);
        Console.WriteLine($"{"queued, cold server: drained in",-46} {queued.DrainSeconds - queued.CommitSeconds,6:N1} s   {Rate(queued),8:N0} deliveries/s");
        Console.WriteLine($"{"queued, cold server: release → receipt p50 / p99",-46} {queued.ReleaseP50,8:N0} ms / {queued.ReleaseP99:N0} ms");
        Console.WriteLine($"{"queued, warm (3 runs): deliveries/s",-46} {string.Join(" / ", warm.Select(q => Rate(q).ToString("N0")))}");
        Console.WriteLine($"{"queued, warm (3 runs): release → receipt p99",-46} {string.Join(" / ", warm.Select(q => q.ReleaseP99.ToString("N0")))} ms   (target p99 < 1,000 ms; p50 {string.Join(" / ", warm.Select(q => q.ReleaseP50.ToString("N0")))} ms)");
        Console.WriteLine($"{"burst: committed in / drained in",-46} {burst.CommitSeconds,6:N1} s / {burst.DrainSeconds:N1} s   {burst.Delivered / burst.DrainSeconds,8:N0} deliveries/s");
        Console.WriteLine($"{"burst: commit → receipt p50 / p99",-46} {burst.P50,8:N0} ms / {burst.P99:N0} ms");
        Console.WriteLine($"{$"{perSecond}/s, all up: commit → receipt p50 / p99",-46} {steady.P50,8:N1} ms / {steady.P99:N1} ms   (target p99 < 1,000 ms)  {steady.Delivered:N0} delivered; by round {string.Join(" / ", up.Select(r => r.P99.ToString("N1")))} ms");
        Console.WriteLine($"{$"{perSecond}/s, one of four dead: live p50 / p99",-46} {withDead.P50,8:N1} ms / {withDead.P99:N1} ms   {withDead.Delivered:N0} delivered; by round {string.Join(" / ", down.Select(r => r.P99.ToString("N1")))} ms");
        Console.WriteLine($"{"dead endpoint's effect on the others' p99",-46} {(withDead.P99 / steady.P99 - 1) * 100,8:+0.0;-0.0} %   (target < 20 %)");
        // Each dead round against the all-up round just before it, which ran in the same spell of the shared machine.
        var paired = up.Zip(down, (u, d) => (d.P99 / u.P99 - 1) * 100).ToArray();
        Console.WriteLine($"{"  the same, round by round (median)",-46} {Measure.Percentile(paired.Order().ToArray(), 0.5),8:+0.0;-0.0} %   ({string.Join(" / ", paired.Select(x => x.ToString("+0;-0")))} %)");
        return 0;
    }

    private sealed record Phase(double CommitSeconds, double DrainSeconds, long Delivered, double P50, double P99, double ReleaseP50, double ReleaseP99,
        double[] Latencies);

    private static Phase Pooled(List<Phase> rounds)
    {
        var all = rounds.SelectMany(r => r.Latencies).Order().ToArray();
        return new Phase(rounds.Sum(r => r.CommitSeconds), rounds.Sum(r => r.DrainSeconds), all.Length, Measure.Percentile(all, 0.5), Measure.Percentile(all, 0.99), 0, 0, all);
    }

    private static Task PointAsync(WebhookService.WebhookServiceClient webhooks, string apiKey, string endpointId, string url) =>
        webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest
        {
            WebhookEndpoint = new WebhookEndpoint { WebhookEndpointId = endpointId, Url = url },
            UpdateMask = new() { Paths = { "url" } },
        }, BenchStack.Bearer(apiKey)).ResponseAsync;

    /// <summary>Waits until no attempt to the endpoint is in flight, drops what is still queued for it and closes its breaker.</summary>
    private static async Task ReviveAsync(NpgsqlDataSource db, string endpointId)
    {
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var leased = db.CreateCommand("select count(*) from makini.webhook_deliveries where endpoint_id = $1 and status = 'pending' and lease_owner is not null");
            leased.Parameters.Add(new NpgsqlParameter { Value = endpointId });
            if ((long)(await leased.ExecuteScalarAsync())! == 0) break;
            await Task.Delay(50);
        }
        await using var reset = db.CreateCommand("""
            update makini.webhook_deliveries set status = 'failed', finished_at = now() where endpoint_id = @e and status = 'pending';
            update makini.webhook_endpoints set consecutive_failures = 0, paused_until = null where id = @e
            """);
        reset.Parameters.AddWithValue("e", endpointId);
        await reset.ExecuteNonQueryAsync();
    }

    /// <summary>Holds or releases the account's endpoints through their breaker's pause, as a dead-then-back receiver would.</summary>
    private static async Task HoldAsync(NpgsqlDataSource db, string accountId, bool hold)
    {
        await using var command = db.CreateCommand(hold
            ? "update makini.webhook_endpoints set paused_until = now() + interval '1 hour' where account_id = $1"
            : "update makini.webhook_endpoints set paused_until = null where account_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        await command.ExecuteNonQueryAsync();
        if (hold) return;
        await using var wake = db.CreateCommand("notify makini_webhooks");
        await wake.ExecuteNonQueryAsync();
    }

    private static async Task<Phase> RunPhaseAsync(NpgsqlDataSource db, string accountId, int count, int perSecond,
        ConcurrentDictionary<string, DateTimeOffset> receipts, Func<string, bool> live, Func<Task>? beforeDrain = null)
    {
        var committed = new ConcurrentDictionary<string, (string Type, DateTimeOffset At)>();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (perSecond > 0)
                {
                    var due = TimeSpan.FromSeconds((double)i / perSecond);
                    if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                }
                var type = Types[i % Types.Length];
                await using var connection = await db.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                var id = await WebhookOutbox.EnqueueAsync(connection, type, accountId, "conn_bench", new SyncCompletedData { ConnectionId = "conn_bench", RunId = $"run_{i}" },
                    DateTimeOffset.UtcNow, CancellationToken.None);
                await tx.CommitAsync();
                committed[id] = (type, DateTimeOffset.UtcNow);
            }
        })));
        var commitSeconds = clock.Elapsed.TotalSeconds;
        var released = DateTimeOffset.UtcNow;
        if (beforeDrain is not null) await beforeDrain();
        var expected = committed.Where(c => live(c.Value.Type)).Select(c => c.Key).ToList();
        var wait = Stopwatch.StartNew();
        while (expected.Count(receipts.ContainsKey) < expected.Count && wait.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(50);
        var drainSeconds = clock.Elapsed.TotalSeconds;
        var latencies = expected.Where(receipts.ContainsKey).Select(id => (receipts[id] - committed[id].At).TotalMilliseconds).Order().ToArray();
        var sinceRelease = expected.Where(receipts.ContainsKey).Select(id => (receipts[id] - released).TotalMilliseconds).Order().ToArray();
        return new Phase(commitSeconds, drainSeconds, latencies.Length, Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.99),
            Measure.Percentile(sinceRelease, 0.5), Measure.Percentile(sinceRelease, 0.99), latencies);
    }

    private static WebApplication StartReceiver(int port, ConcurrentDictionary<string, DateTimeOffset> receipts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/hooks/{n}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            receipts.TryAdd(context.Request.Headers["Makini-Event-Id"].ToString(), DateTimeOffset.UtcNow);
            return Results.Ok();
        });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    /// <summary>
    /// The receiver stands for an integrator's long-running service: its request path is compiled and tiered up before
    /// the first phase (by the bench's own posts, not through the server), so the cold phase measures a cold server only.
    /// </summary>
    private static async Task WarmUpReceiverAsync(int port, ConcurrentDictionary<string, DateTimeOffset> receipts)
    {
        using var http = new HttpClient();
        var body = new string('x', 400);
        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(async caller =>
            {
                for (var i = 0; i < 100; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/hooks/warm") { Content = new StringContent(body) };
                    request.Headers.Add("Makini-Event-Id", $"warm-{round}-{caller}-{i}");
                    using var response = await http.SendAsync(request);
                }
            }));
            await Task.Delay(200); // lets the tiered JIT promote what the posts ran
        }
        receipts.Clear();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
