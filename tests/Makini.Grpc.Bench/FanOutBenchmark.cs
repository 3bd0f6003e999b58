using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Makini.Grpc.V1;
using Npgsql;
using StackExchange.Redis;

namespace Makini.Grpc.Bench;

/// <summary>Change-stream fan-out: N subscribers (default 1,000) on one node, changes committed at 500/s; p99 from
/// commit to receipt after a warm-up (reported apart), and server memory. Changes are committed straight into the change
/// log as the sync logs them (counter and row in one statement), at a steady rate, and announced the same way.</summary>
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

        // The first seconds are a warm-up, reported apart: code of both server and subscribers is still being compiled
        // and tiered up there, and the thread pools grow (their p99 ran to 300-400 ms, the steady state's to 30-60).
        var warmUp = TimeSpan.FromSeconds(3);
        var measureFrom = DateTimeOffset.MaxValue;
        var latencies = new List<double>[subscribers];
        var warmUpLatencies = new List<double>[subscribers];
        var received = 0L;
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(subscribers);
        // Several HTTP/2 connections: a server allows 100 streams on each.
        using var http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) { Timeout = Timeout.InfiniteTimeSpan };
        var channels = o.Client != "grpc" ? [] : Enumerable.Range(0, Math.Max(1, subscribers / 90)).Select(_ => GrpcChannel.ForAddress(o.Server,
            new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } })).ToList();
        var streams = Enumerable.Range(0, subscribers).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>();
            var warming = warmUpLatencies[i] = new List<double>();
            void Received(DateTimeOffset? changedAt, DateTimeOffset at)
            {
                if (changedAt is not { } changed) return; // a heartbeat
                (changed >= measureFrom ? mine : warming).Add((at - changed).TotalMilliseconds);
                Interlocked.Increment(ref received);
            }
            try
            {
                if (o.Client == "grpc") await ReadWithGrpcClientAsync(channels[i % channels.Count], token, ready, Received, stop.Token);
                else await ReadLeanAsync(http, o.Server, token, ready, Received, stop.Token);
            }
            catch (RpcException) when (stop.IsCancellationRequested) { }
            catch (OperationCanceledException) { }
            catch (IOException) when (stop.IsCancellationRequested) { }
            catch (HttpRequestException) when (stop.IsCancellationRequested) { }
        })).ToList();
        if (!ready.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("subscribers did not connect");
        await Task.Delay(1000);
        var memoryWithSubscribers = BenchStack.CurrentMemoryMb(o.ServerPid);

        // Commit changes at a steady rate, each stamped with its commit time, from a thread of its own: on the thread
        // pool, the subscribers' reads delayed commits and wake-ups, and the delay counted as latency.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(o.Redis);
        await using var db = NpgsqlDataSource.Create(o.Postgres);
        var committed = 0;
        var duration = o.Duration;
        var connectionId = connection.ConnectionId;
        var committer = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var publisher = redis.GetSubscriber();
            using var connection = db.OpenConnection();
            while (clock.Elapsed < warmUp + duration)
            {
                var due = (int)(clock.Elapsed.TotalSeconds * perSecond);
                while (committed < due)
                {
                    Commit(connection, connectionId, committed);
                    publisher.Publish(RedisChannel.Literal("mk:changes"), $"{connectionId}|0", CommandFlags.FireAndForget);
                    committed++;
                }
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "committer" };
        measureFrom = DateTimeOffset.UtcNow + warmUp;
        committer.Start();
        await Task.Run(committer.Join);
        var expected = (long)committed * subscribers;
        var wait = Stopwatch.StartNew();
        while (Interlocked.Read(ref received) < expected && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        var peak = BenchStack.PeakMemoryMb(o.ServerPid);
        await stop.CancelAsync();
        await Task.WhenAll(streams.Select(s => s.ContinueWith(_ => { })));

        var sorted = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        var warmUpSorted = warmUpLatencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"Change-stream fan-out: {subscribers:N0} subscribers on one node, {perSecond}/s committed for {warmUp.TotalSeconds:N0} s of warm-up, then {duration.TotalSeconds:N0} s measured; {Environment.ProcessorCount} cores");
        Console.WriteLine(o.Client == "grpc"
            ? "(subscribers read with Grpc.Net.Client)"
            : "(subscribers read the gRPC stream over HttpClient's HTTP/2 and decode each message's change time: on the shared cores, 1,000 Grpc.Net.Client calls cost more CPU than the server; --client grpc uses them)");
        Console.WriteLine($"{"changes committed / deliveries expected",-42} {committed,8:N0} / {expected:N0}");
        Console.WriteLine($"{"deliveries received",-42} {received,8:N0}");
        Console.WriteLine($"{"warm-up: commit → receipt p50 / p99 / max",-42} {Measure.Percentile(warmUpSorted, 0.5),8:N1} ms / {Measure.Percentile(warmUpSorted, 0.99):N1} ms / {warmUpSorted.LastOrDefault():N1} ms   (not counted)");
        Console.WriteLine($"{"commit → receipt p50 / p99 / max",-42} {Measure.Percentile(sorted, 0.5),8:N1} ms / {Measure.Percentile(sorted, 0.99):N1} ms / {sorted.LastOrDefault():N1} ms   (target p99 < 100 ms; {sorted.Length:N0} deliveries)");
        Console.WriteLine($"{"server memory with subscribers / peak",-42} {memoryWithSubscribers,8:N0} MB / {peak:N0} MB   (target < 1 GB)");
        foreach (var c in channels) c.Dispose();
        return 0;
    }

    /// <summary>A subscriber through the generated client.</summary>
    private static async Task ReadWithGrpcClientAsync(GrpcChannel channel, string token, CountdownEvent ready,
        Action<DateTimeOffset?, DateTimeOffset> received, CancellationToken stop)
    {
        var client = new SyncService.SyncServiceClient(channel);
        using var call = client.SubscribeChanges(new SubscribeChangesRequest { StartAtNow = true }, BenchStack.Bearer(token), cancellationToken: stop);
        await call.ResponseHeadersAsync;
        ready.Signal();
        while (await call.ResponseStream.MoveNext(stop)) received(call.ResponseStream.Current.Change?.ChangeTime.ToDateTimeOffset(), DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// A subscriber that speaks gRPC's wire format itself: an HTTP/2 POST of the framed request, then length-prefixed
    /// messages read from the response body as they arrive; of each, only the change time is decoded. What it reads
    /// together it received at the same moment.
    /// </summary>
    private static async Task ReadLeanAsync(HttpClient http, string server, string token, CountdownEvent ready,
        Action<DateTimeOffset?, DateTimeOffset> received, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.TrimEnd('/')}/makini.v1.SyncService/SubscribeChanges")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(MessageFrames.Frame(new SubscribeChangesRequest { StartAtNow = true })),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/grpc")
            throw new InvalidOperationException($"SubscribeChanges answered {(int)response.StatusCode}");
        await using var body = await response.Content.ReadAsStreamAsync(stop);
        ready.Signal();
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        while (true)
        {
            var read = await body.ReadAsync(buffer.AsMemory(end), stop);
            if (read == 0) return;
            end += read;
            var at = DateTimeOffset.UtcNow;
            while (end - start >= MessageFrames.PrefixLength)
            {
                if (buffer[start] != 0) throw new InvalidOperationException("compressed message");
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(start + 1, 4));
                if (end - start < MessageFrames.PrefixLength + length) break;
                received(ChangeTimeOf(buffer.AsSpan(start + MessageFrames.PrefixLength, length)), at);
                start += MessageFrames.PrefixLength + length;
            }
            // Keep the partial message at the front; make room when one is larger than what is left.
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    /// <summary>SubscribeChangesResponse.change (1) → RecordChange.change_time (4) → Timestamp {seconds (1), nanos (2)};
    /// null for a heartbeat.</summary>
    private static DateTimeOffset? ChangeTimeOf(ReadOnlySpan<byte> response)
    {
        var change = Field(response, 1);
        if (change.IsEmpty) return null;
        var time = Field(change, 4);
        long seconds = 0, nanos = 0;
        for (var p = 0; p < time.Length;)
        {
            var tag = Varint(time, ref p);
            var value = (long)Varint(time, ref p);
            if (tag >> 3 == 1) seconds = value;
            else if (tag >> 3 == 2) nanos = value;
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }

    /// <summary>The bytes of a length-delimited field of a message; empty when absent.</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> message, int number)
    {
        for (var p = 0; p < message.Length;)
        {
            var tag = Varint(message, ref p);
            switch (tag & 7)
            {
                case 0: Varint(message, ref p); break;
                case 1: p += 8; break;
                case 5: p += 4; break;
                case 2:
                    var length = (int)Varint(message, ref p);
                    if ((int)(tag >> 3) == number) return message.Slice(p, length);
                    p += length;
                    break;
                default: throw new InvalidDataException($"wire type {tag & 7}");
            }
        }
        return [];
    }

    private static ulong Varint(ReadOnlySpan<byte> s, ref int p)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = s[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    /// <summary>One change, committed by one statement (autocommit): its counter reserved and its row logged, as the
    /// server logs a page's changes last in its transaction.</summary>
    private static void Commit(NpgsqlConnection connection, string connectionId, int i)
    {
        var id = $"po_bench{i:D18}";
        using var insert = new NpgsqlCommand(
            "with s as (insert into makini.change_counters (connection_id, last_seq) values (@c, 1) " +
            "  on conflict (connection_id) do update set last_seq = makini.change_counters.last_seq + 1 returning last_seq) " +
            "insert into makini.record_changes (connection_id, seq, entity, record_id, change_type, origin, changed_at, payload) " +
            "select @c, s.last_seq, 'purchase_order', @r, 'updated', 'sync', clock_timestamp(), @p from s", connection);
        insert.Parameters.AddWithValue("c", connectionId);
        insert.Parameters.AddWithValue("r", id);
        insert.Parameters.AddWithValue("p", new PurchaseOrder
        {
            Id = id, RemoteId = $"B{i}", Number = $"B{i}", Status = PurchaseOrderStatus.Open, CurrencyCode = "USD",
            TotalAmount = new Money { CurrencyCode = "USD", Amount = $"{i}.00" },
        }.ToByteArray());
        insert.ExecuteNonQuery();
    }
}
