using Google.Rpc;
using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;
using StackExchange.Redis;

namespace Makini.Grpc.IntegrationTests.Cluster;

/// <summary>Our API's rate limits, counted in Redis so they hold across nodes; each test uses its own account, so its
/// own allowances.</summary>
public sealed class RateLimitTests
{
    private static readonly GetConnectionInfoRequest Info = new();
    private static readonly GetCreditsRequest Credits = new();

    [Fact]
    public async Task A_connection_limit_holds_across_two_nodes_to_the_exact_call_and_says_when_to_retry()
    {
        var stack = await Stack.GetAsync();
        await using var nodeB = await Stack.StartExtraNodeAsync();
        var a = new Api(stack.Server.Channel);
        var b = new Api(nodeB.Channel);
        var (account, key) = await a.CreateAccountAsync();
        var updated = await a.Accounts.UpdateAccountRateLimitsAsync(
            new UpdateAccountRateLimitsRequest { AccountId = account.AccountId, ConnectionRequestsPerMinute = 7 }, Api.Admin);
        updated.Account.RateLimits.ShouldBe(new AccountRateLimits { ConnectionRequestsPerMinute = 7, AccountRequestsPerMinute = 6000 });
        var limited = await a.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        var sibling = await a.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");

        for (var i = 0; i < 7; i++)
            (await (i % 2 == 0 ? a : b).Info.GetConnectionInfoAsync(Info, Api.Bearer(limited.Token))).Connection.ConnectionId.ShouldBe(limited.Id);

        var e = await b.Info.GetConnectionInfoAsync(Info, Api.Bearer(limited.Token)).ShouldFail(StatusCode.ResourceExhausted, "RATE_LIMIT_EXCEEDED");
        e.ErrorMetadata()["limit"].ShouldBe("7");
        e.ErrorMetadata()["scope"].ShouldBe("connection");
        var retryDelay = e.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
        retryDelay.ShouldBeInRange(TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        var retryAfter = e.Trailers.GetValue("retry-after");
        retryAfter.ShouldNotBeNull();
        long.Parse(retryAfter).ShouldBe(Math.Max(1, (long)Math.Ceiling(retryDelay.TotalSeconds)));
        await a.Info.GetConnectionInfoAsync(Info, Api.Bearer(limited.Token)).ShouldFail(StatusCode.ResourceExhausted, "RATE_LIMIT_EXCEEDED");

        // Each connection has its own allowance, and the account key spends the account's.
        (await b.Info.GetConnectionInfoAsync(Info, Api.Bearer(sibling.Token))).Connection.ConnectionId.ShouldBe(sibling.Id);
        (await b.Connections.GetCreditsAsync(Credits, Api.Bearer(key))).Used.ShouldBe(2);
    }

    [Fact]
    public async Task The_account_key_limit_holds_across_two_nodes_and_a_raised_limit_reaches_every_node_within_seconds()
    {
        var stack = await Stack.GetAsync();
        await using var nodeB = await Stack.StartExtraNodeAsync();
        var a = new Api(stack.Server.Channel);
        var b = new Api(nodeB.Channel);
        var (account, key) = await a.CreateAccountAsync();
        await a.Accounts.UpdateAccountRateLimitsAsync(
            new UpdateAccountRateLimitsRequest { AccountId = account.AccountId, AccountRequestsPerMinute = 6 }, Api.Admin);

        var link = await a.OpenLinkAsync(key); // the 1st call
        for (var i = 0; i < 5; i++) await (i % 2 == 0 ? b : a).Connections.GetCreditsAsync(Credits, Api.Bearer(key));
        foreach (var node in new[] { a, b })
        {
            var e = await node.Connections.GetCreditsAsync(Credits, Api.Bearer(key)).ShouldFail(StatusCode.ResourceExhausted, "RATE_LIMIT_EXCEEDED");
            e.ErrorMetadata()["scope"].ShouldBe("account");
            e.ErrorMetadata()["limit"].ShouldBe("6");
        }
        // Link tokens spend the account's allowance too.
        await b.CompleteAsync(link.LinkToken, "upkeep", stack.Emulators.NewInstance("upkeep"))
            .ShouldFail(StatusCode.ResourceExhausted, "RATE_LIMIT_EXCEEDED");

        // The admin key is never limited. The node that changed the limit applies it at once, the other within seconds.
        var raised = await a.Accounts.UpdateAccountRateLimitsAsync(
            new UpdateAccountRateLimitsRequest { AccountId = account.AccountId, AccountRequestsPerMinute = 9 }, Api.Admin);
        raised.Account.RateLimits.AccountRequestsPerMinute.ShouldBe(9);
        await a.Connections.GetCreditsAsync(Credits, Api.Bearer(key)); // 7th
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await b.Connections.GetCreditsAsync(Credits, Api.Bearer(key)); // 8th; refused calls do not count
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        await b.Connections.GetCreditsAsync(Credits, Api.Bearer(key)); // 9th
        await a.Connections.GetCreditsAsync(Credits, Api.Bearer(key)).ShouldFail(StatusCode.ResourceExhausted, "RATE_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task With_redis_stopped_each_node_allows_its_share_of_the_limit()
    {
        var stack = await Stack.GetAsync();
        var redis = await RedisProcess.StartAsync();
        await using var node = await Stack.StartExtraNodeAsync(redis.ConnectionString);
        var api = new Api(node.Channel);
        var (account, key) = await api.CreateAccountAsync();
        await api.Accounts.UpdateAccountRateLimitsAsync(
            new UpdateAccountRateLimitsRequest { AccountId = account.AccountId, ConnectionRequestsPerMinute = 6 }, Api.Admin);
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");

        await redis.DisposeAsync(); // stopped
        // Two expected nodes (the default): this node's share of 6 is 3.
        for (var i = 0; i < 3; i++)
            (await api.Info.GetConnectionInfoAsync(Info, Api.Bearer(linked.Token))).Connection.ConnectionId.ShouldBe(linked.Id);
        var e = await api.Info.GetConnectionInfoAsync(Info, Api.Bearer(linked.Token)).ShouldFail(StatusCode.ResourceExhausted, "RATE_LIMIT_EXCEEDED");
        e.ErrorMetadata()["limit"].ShouldBe("6");
        e.Trailers.GetValue("retry-after").ShouldNotBeNull();
        node.Log.Count(l => l.Contains("Rate limits fall back to this node's share")).ShouldBe(1, string.Join("\n", node.Log.TakeLast(30)));
    }

    [Fact]
    public async Task The_outbound_budget_holds_a_connections_requests_to_its_source_across_two_nodes()
    {
        var stack = await Stack.GetAsync();
        // Six requests a minute to UpKeep, one at a time: far fewer than an initial sync needs.
        await using var cluster = await IsolatedCluster.StartAsync(nodes: 2, new Dictionary<string, string>
        {
            ["Makini__Outbound__Systems__upkeep__RequestsPerMinute"] = "6",
            ["Makini__Outbound__Systems__upkeep__MaxConcurrent"] = "1",
        });
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var emulator = stack.Emulators.NewInstance("upkeep");
        var minute = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000;
        var linked = await api.ConnectAsync(key, emulator, "upkeep");
        await Task.Delay(TimeSpan.FromSeconds(4)); // both nodes' sync jobs want their pages now

        // The link's credential check is not the connection's yet; everything after it counts: at most six in a minute.
        var sent = (await emulator.RequestsAsync()).Count(r => (string)r!["path"]! != "/api/v2/auth" || (string)r["method"]! != "POST");
        var minutes = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - minute + 1;
        sent.ShouldBeLessThanOrEqualTo((int)(6 * minutes + 2));
        var status = await new Api(cluster.Nodes[1].Channel).Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(linked.Token));
        status.OutboundBudget.RequestsPerMinute.ShouldBe(6);
        status.Entities.ShouldContain(e => e.LastSuccessTime == null, "the initial syncs are still waiting for budget");
    }

    [Fact]
    public async Task GetSyncStatus_shows_what_is_left_of_the_outbound_budget()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await api.WaitForAllAsync(linked.Token, started);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        var db = redis.GetDatabase();

        // Pretend 17 requests were sent this minute and one is under way. Background scans of the connection may add a
        // few more while we look, so the figures are bounded rather than exact; a new minute starts the check over.
        for (var attempt = 0; ; attempt++)
        {
            var minute = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000;
            await db.StringSetAsync($"mk:ob:{{{linked.Id}}}:{minute}", 17, TimeSpan.FromSeconds(61));
            await db.SortedSetAddAsync($"mk:ob:{{{linked.Id}}}:slots", "test-slot", DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
            var budget = (await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(linked.Token))).OutboundBudget;
            await db.SortedSetRemoveAsync($"mk:ob:{{{linked.Id}}}:slots", "test-slot");
            if (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 != minute && attempt < 3) continue;

            budget.RequestsPerMinute.ShouldBe(600); // UpKeep's default budget
            budget.MaxConcurrent.ShouldBe(3);
            budget.RequestsLeftThisMinute.ShouldBeInRange(550, 583);
            budget.InFlight.ShouldBeInRange(1, 3);
            break;
        }

        // The account key sees the same budget for a connection it names.
        var viaAccount = await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(),
            new Metadata { { "authorization", "Bearer " + key }, { "x-connection-id", linked.Id } });
        viaAccount.OutboundBudget.RequestsPerMinute.ShouldBe(600);
    }
}
