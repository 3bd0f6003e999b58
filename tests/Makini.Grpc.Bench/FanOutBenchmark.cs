using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Makini.Grpc.V1;
using Npgsql;
using StackExchange.Redis;

namespace Makini.Grpc.Bench;

/// <summary>Change-stream fan-out: N subscribers (default 1,000) on one node, changes committed at 500/s; p99 from
/// commit to receipt, and server memory. Changes are committed straight into the change log with the same statements
/// the sync uses, at a steady rate, and announced the same way.</summary>
public static class FanOutBenchmark
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var subscribers = o.Count > 0 ? o.Count : 1000;
        const int perSecond = 500;
        using var setupChannel = GrpcChannel.ForAddress(o.Server);
        var stack = new BenchStack(setupChannel, o);
        var (_, connection, token) = await stack.ConnectAsync($"{o.Emulators}/upkeep-bench{Random.Shared.Next(1_000_000)}", "upkeep",
            new SyncSchedule { IntervalSeconds = 86400 });
        await Task.Delay(3000); // let the initial sync settle

        // Several HTTP/2 connections: a server allows 100 streams on each.
        var channels = Enumerable.Range(0, Math.Max(1, subscribers / 90)).Select(_ => GrpcChannel.ForAddress(o.Server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        })).ToList();
        var latencies = new ConcurrentBag<double>();
        var received = 0L;
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(subscribers);
        var streams = Enumerable.Range(0, subscribers).Select(i => Task.Run(async () =>
        {
            var client = new SyncService.SyncServiceClient(channels[i % channels.Count]);
            using var call = client.SubscribeChanges(new SubscribeChangesRequest { StartAtNow = true }, BenchStack.Bearer(token), cancellationToken: stop.Token);
            await call.ResponseHeadersAsync;
            ready.Signal();
            try
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    if (call.ResponseStream.Current.Change is not { } change) continue;
                    latencies.Add((DateTimeOffset.UtcNow - change.ChangeTime.ToDateTimeOffset()).TotalMilliseconds);
                    Interlocked.Increment(ref received);
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested) { }
            catch (OperationCanceledException) { }
        })).ToList();
        if (!ready.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("subscribers did not connect");
        await Task.Delay(1000);
        var memoryWithSubscribers = BenchStack.CurrentMemoryMb(o.ServerPid);

        // Commit changes at a steady rate, each stamped with its commit time.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(o.Redis);
        await using var db = NpgsqlDataSource.Create(o.Postgres);
        var committed = 0;
        var clock = Stopwatch.StartNew();
        var duration = o.Duration;
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * perSecond);
            while (committed < due)
            {
                await CommitAsync(db, connection.ConnectionId, committed);
                await redis.GetSubscriber().PublishAsync(RedisChannel.Literal("mk:changes"), $"{connection.ConnectionId}|0");
                committed++;
            }
            await Task.Delay(2);
        }
        var expected = (long)committed * subscribers;
        var wait = Stopwatch.StartNew();
        while (Interlocked.Read(ref received) < expected && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        var peak = BenchStack.PeakMemoryMb(o.ServerPid);
        await stop.CancelAsync();
        await Task.WhenAll(streams.Select(s => s.ContinueWith(_ => { })));

        var sorted = latencies.Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"Change-stream fan-out: {subscribers:N0} subscribers on one node, {perSecond}/s committed for {duration.TotalSeconds:N0} s, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"changes committed / deliveries expected",-42} {committed,8:N0} / {expected:N0}");
        Console.WriteLine($"{"deliveries received",-42} {received,8:N0}");
        Console.WriteLine($"{"commit → receipt p50 / p99 / max",-42} {Measure.Percentile(sorted, 0.5),8:N1} ms / {Measure.Percentile(sorted, 0.99):N1} ms / {sorted.LastOrDefault():N1} ms   (target p99 < 100 ms)");
        Console.WriteLine($"{"server memory with subscribers / peak",-42} {memoryWithSubscribers,8:N0} MB / {peak:N0} MB   (target < 1 GB)");
        foreach (var c in channels) c.Dispose();
        return 0;
    }

    private static async Task CommitAsync(NpgsqlDataSource db, string connectionId, int i)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var reserve = new NpgsqlCommand(
            "insert into makini.change_counters (connection_id, last_seq) values (@c, 1) " +
            "on conflict (connection_id) do update set last_seq = makini.change_counters.last_seq + 1 returning last_seq", connection, tx);
        reserve.Parameters.AddWithValue("c", connectionId);
        var seq = (long)(await reserve.ExecuteScalarAsync())!;
        var id = $"po_bench{i:D18}";
        await using var insert = new NpgsqlCommand(
            "insert into makini.record_changes (connection_id, seq, entity, record_id, change_type, origin, changed_at, payload) " +
            "values (@c, @s, 'purchase_order', @r, 'updated', 'sync', clock_timestamp(), @p)", connection, tx);
        insert.Parameters.AddWithValue("c", connectionId);
        insert.Parameters.AddWithValue("s", seq);
        insert.Parameters.AddWithValue("r", id);
        insert.Parameters.AddWithValue("p", new PurchaseOrder
        {
            Id = id, RemoteId = $"B{i}", Number = $"B{i}", Status = PurchaseOrderStatus.Open, CurrencyCode = "USD",
            TotalAmount = new Money { CurrencyCode = "USD", Amount = $"{i}.00" },
        }.ToByteArray());
        await insert.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
