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
    TimeProvider clock,
    ILogger<SyncScheduler> log) : BackgroundService
{
    public static readonly RedisChannel WakeChannel = RedisChannel.Literal("mk:sync:wake");
    private readonly SemaphoreSlim _wake = new(0);
    private int _running;
    private readonly ConcurrentDictionary<string, ActiveRunner> _active = new(StringComparer.Ordinal);

    /// <summary>A runner of this node: how to stop it, since when it runs, and how often it was asked to stop.</summary>
    private sealed class ActiveRunner(CancellationTokenSource stop, DateTimeOffset since)
    {
        public CancellationTokenSource Stop { get; } = stop;
        public DateTimeOffset Since { get; } = since;
        public readonly RunnerProgress Progress = new();
        public int Stops;
    }

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
                        // A runner of ours may still hold the job's run (see OnClaim).
                        var key = job.ConnectionId + "|" + job.Entity;
                        _active.TryGetValue(key, out var existing);
                        switch (existing is null
                                    ? ClaimAction.Start
                                    : OnClaim(job.RunId, existing.Progress.RunId, clock.GetUtcNow() - existing.Progress.HeldAt, o.Lease, existing.Stops))
                        {
                            case ClaimAction.WaitForRunner:
                                continue;
                            case ClaimAction.AskRunnerToStop:
                                existing!.Stops++;
                                LogReclaimedWhileRunning(job.ConnectionId, job.Entity, (int)(clock.GetUtcNow() - existing.Since).TotalSeconds);
                                try { await existing.Stop.CancelAsync(); }
                                catch (ObjectDisposedException) { } // it ended meanwhile
                                continue;
                            case ClaimAction.SupersedeStuckRunner:
                                LogSupersededStuckRunner(job.ConnectionId, job.Entity, (int)(clock.GetUtcNow() - existing!.Since).TotalSeconds);
                                break;
                        }
                        var active = new ActiveRunner(CancellationTokenSource.CreateLinkedTokenSource(stoppingToken), clock.GetUtcNow());
                        _active[key] = active;
                        Interlocked.Increment(ref _running);
                        tasks.Add(Task.Run(async () =>
                        {
                            try { await runner.RunAsync(job, node.Id, active.Stop.Token, active.Progress); }
                            catch (Exception e) when (e is not OperationCanceledException) { LogRunCrashed(e, job.ConnectionId, job.Entity); }
                            finally
                            {
                                _active.TryRemove(new KeyValuePair<string, ActiveRunner>(key, active));
                                active.Stop.Dispose();
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

    public enum ClaimAction { Start, WaitForRunner, AskRunnerToStop, SupersedeStuckRunner }

    /// <summary>
    /// What to do with a job a claim handed this node. A run of ours whose lease renewals were late looks abandoned to
    /// the claim, which hands it back to us; a second runner beside a live one would pass every fence with it. A
    /// runner that held its lease within the last two leases is only late (a busy node): the claim has just renewed
    /// the lease for it, and it goes on. One silent for longer is asked to stop, and the job waits one more lease for
    /// it; a runner that ignores that too is stuck for good, and a new runner resumes the run from its last committed
    /// page. A runner that has let its run go (it is only reporting on it), or holds another run, is no obstacle.
    /// </summary>
    /// <param name="claimedRunId">The run left in the claimed job row (null: a new run is due).</param>
    /// <param name="heldRunId">The run this node's runner of the job holds (null: it let its run go).</param>
    /// <param name="silentFor">How long since that runner last held its lease.</param>
    /// <param name="earlierStops">How often that runner was asked to stop before.</param>
    public static ClaimAction OnClaim(string? claimedRunId, string? heldRunId, TimeSpan silentFor, TimeSpan lease, int earlierStops) =>
        claimedRunId is null || heldRunId != claimedRunId ? ClaimAction.Start
        : earlierStops > 0 ? ClaimAction.SupersedeStuckRunner
        : silentFor < 2 * lease ? ClaimAction.WaitForRunner
        : ClaimAction.AskRunnerToStop;

    [LoggerMessage(5101, LogLevel.Error, "Sync of {ConnectionId}/{Entity} crashed.")]
    private partial void LogRunCrashed(Exception e, string connectionId, string entity);

    [LoggerMessage(5103, LogLevel.Warning, "Sync {ConnectionId}/{Entity} stopped renewing its lease (running {Seconds} s): asked to stop, to be resumed.")]
    private partial void LogReclaimedWhileRunning(string connectionId, string entity, int seconds);

    [LoggerMessage(5104, LogLevel.Error, "Sync {ConnectionId}/{Entity} ignored a request to stop (running {Seconds} s): a new runner resumes it.")]
    private partial void LogSupersededStuckRunner(string connectionId, string entity, int seconds);

    [LoggerMessage(5102, LogLevel.Warning, "Could not claim sync jobs: {Reason}")]
    private partial void LogClaimFailed(string reason);
}

/// <summary>This server process's id in leases and claims.</summary>
public sealed class NodeIdentity
{
    public string Id { get; } = Environment.MachineName + "/" + Environment.ProcessId + "/" + Guid.NewGuid().ToString("N")[..8];
}
