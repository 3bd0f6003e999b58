using System.Collections.Concurrent;
using Makini.Grpc.Domain.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Sync;

/// <summary>Each node's loop: claim due sync jobs (never one another node holds) up to the node's capacity, run them,
/// and look again on a short poll or when a trigger on any node wakes it.</summary>
public sealed partial class SyncScheduler(
    SyncJobStore jobs,
    SyncRunner runner,
    NodeIdentity node,
    IConnectionMultiplexer redis,
    IOptions<SyncOptions> options,
    ILogger<SyncScheduler> log) : BackgroundService
{
    public static readonly RedisChannel WakeChannel = RedisChannel.Literal("mk:sync:wake");
    private readonly SemaphoreSlim _wake = new(0);
    private int _running;
    private readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);

    /// <summary>Look for due work now (a trigger on this node).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        try { await redis.GetSubscriber().SubscribeAsync(WakeChannel, (_, _) => Wake()); }
        catch (Exception e) when (e is RedisException or TimeoutException) { } // polling alone still finds the work

        var tasks = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = o.MaxConcurrentRuns - Volatile.Read(ref _running);
                if (free > 0)
                {
                    foreach (var job in await jobs.ClaimDueAsync(node.Id, free, o.Lease, stoppingToken))
                    {
                        // A run of ours whose lease renewal was late (a busy node) looks abandoned to the claim, which
                        // then hands it back to us: a second runner of the same job would pass every fence beside the
                        // first. The claim just renewed the lease; the run under way goes on alone.
                        var key = job.ConnectionId + "|" + job.Entity;
                        if (!_active.TryAdd(key, 0)) continue;
                        Interlocked.Increment(ref _running);
                        tasks.Add(Task.Run(async () =>
                        {
                            try { await runner.RunAsync(job, node.Id, stoppingToken); }
                            catch (Exception e) when (e is not OperationCanceledException) { LogRunCrashed(e, job.ConnectionId, job.Entity); }
                            finally
                            {
                                _active.TryRemove(key, out _);
                                Interlocked.Decrement(ref _running);
                                Wake(); // capacity is free again
                            }
                        }, CancellationToken.None));
                    }
                }
                tasks.RemoveAll(t => t.IsCompleted);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogClaimFailed(e.Message);
            }
            try { await _wake.WaitAsync(o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    [LoggerMessage(5101, LogLevel.Error, "Sync of {ConnectionId}/{Entity} crashed.")]
    private partial void LogRunCrashed(Exception e, string connectionId, string entity);

    [LoggerMessage(5102, LogLevel.Warning, "Could not claim sync jobs: {Reason}")]
    private partial void LogClaimFailed(string reason);
}

/// <summary>This server process's id in leases and claims.</summary>
public sealed class NodeIdentity
{
    public string Id { get; } = Environment.MachineName + "/" + Environment.ProcessId + "/" + Guid.NewGuid().ToString("N")[..8];
}
