using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Makini.Grpc.Domain.Records;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Changes;

/// <summary>
/// This node's fan-out of change logs to live subscribers: one reader per connection with subscribers reads each new
/// batch from PostgreSQL once and hands it to all of them. A commit on any node wakes the readers of every node through
/// Redis; when a wake-up is lost they still poll each second. Subscribers catch up from their cursor on their own, then
/// join the live feed (see <see cref="ChangeSubscription"/>).
/// </summary>
public sealed partial class ChangeFeedHub(ChangeLog log, IConnectionMultiplexer redis, ILogger<ChangeFeedHub> logger) : BackgroundService
{
    public const int BatchSize = 500;
    private readonly ConcurrentDictionary<string, ConnectionFeed> _feeds = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var queue = await redis.GetSubscriber().SubscribeAsync(ChangeNotifier.Channel);
            queue.OnMessage(m =>
            {
                var text = m.Message.ToString();
                var bar = text.IndexOf('|');
                if (bar > 0 && _feeds.TryGetValue(text[..bar], out var feed)) feed.Wake();
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException) { } // polling still delivers
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Attaches a subscriber to the connection's live feed, starting the feed if it is the first.</summary>
    public ChangeSubscription Subscribe(string connectionId, long after, IReadOnlySet<string>? entities, int capacity)
    {
        while (true)
        {
            var feed = _feeds.GetOrAdd(connectionId, id => new ConnectionFeed(id, this));
            var subscription = new ChangeSubscription(this, feed, after, entities, capacity);
            if (feed.TryAdd(subscription)) return subscription;
            // The feed was just shutting down for lack of subscribers; make a new one.
            _feeds.TryRemove(new KeyValuePair<string, ConnectionFeed>(connectionId, feed));
        }
    }

    public Task<IReadOnlyList<ChangeRow>> ReadAfterAsync(string connectionId, long after, IReadOnlyCollection<string>? entities, CancellationToken ct) =>
        log.ReadAfterAsync(connectionId, after, BatchSize, entities, ct);

    public Task<long> HeadAsync(string connectionId, CancellationToken ct) => log.HeadAsync(connectionId, ct);

    internal void Retire(ConnectionFeed feed) => _feeds.TryRemove(new KeyValuePair<string, ConnectionFeed>(feed.ConnectionId, feed));

    internal void LogReadFailed(string connectionId, string reason) => LogFeedReadFailed(connectionId, reason);

    [LoggerMessage(6001, LogLevel.Warning, "Change feed of {ConnectionId} could not read: {Reason}")]
    private partial void LogFeedReadFailed(string connectionId, string reason);
}

/// <summary>The live reader of one connection's change log on this node.</summary>
internal sealed class ConnectionFeed
{
    private readonly ChangeFeedHub _hub;
    private readonly Lock _lock = new();
    private readonly List<ChangeSubscription> _subscribers = [];
    private readonly SemaphoreSlim _wake = new(0);
    private bool _retired;
    private long _position = -1;

    public ConnectionFeed(string connectionId, ChangeFeedHub hub)
    {
        ConnectionId = connectionId;
        _hub = hub;
        _ = Task.Run(RunAsync);
    }

    public string ConnectionId { get; }

    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    public bool TryAdd(ChangeSubscription subscription)
    {
        lock (_lock)
        {
            if (_retired) return false;
            _subscribers.Add(subscription);
            return true;
        }
    }

    public void Remove(ChangeSubscription subscription)
    {
        lock (_lock) _subscribers.Remove(subscription);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            lock (_lock)
            {
                if (_subscribers.Count == 0)
                {
                    _retired = true;
                    _hub.Retire(this);
                    return;
                }
            }
            try
            {
                if (_position < 0) _position = await _hub.HeadAsync(ConnectionId, CancellationToken.None);
                IReadOnlyList<ChangeRow> rows;
                do
                {
                    rows = await _hub.ReadAfterAsync(ConnectionId, _position, null, CancellationToken.None);
                    if (rows.Count == 0) break;
                    ChangeSubscription[] subscribers;
                    lock (_lock) subscribers = _subscribers.ToArray();
                    // The batch as a whole: one hand-over per subscriber, not one per row and subscriber.
                    foreach (var subscriber in subscribers) subscriber.Offer(rows);
                    _position = rows[^1].Seq;
                }
                while (rows.Count == ChangeFeedHub.BatchSize);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _hub.LogReadFailed(ConnectionId, e.Message);
            }
            await _wake.WaitAsync(TimeSpan.FromSeconds(1));
        }
    }
}

/// <summary>
/// One subscriber. It first reads the log from its cursor on its own; once caught up it goes live: the feed offers it
/// every batch it reads, and the subscriber reads the log once more to cover what the feed dispatched before — rows it
/// already sent are skipped by sequence number, so nothing is missed and nothing is sent twice. Its buffer is bounded:
/// a subscriber that falls behind by more rows is ended (the client resumes from its cursor), never slowing anyone else.
/// </summary>
public sealed class ChangeSubscription : IDisposable
{
    private readonly ChangeFeedHub _hub;
    private readonly ConnectionFeed _feed;
    private readonly IReadOnlySet<string>? _entities;
    private readonly int _capacity;
    private readonly Channel<IReadOnlyList<ChangeRow>> _live =
        Channel.CreateUnbounded<IReadOnlyList<ChangeRow>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private int _queued;
    private volatile bool _isLive;

    internal ChangeSubscription(ChangeFeedHub hub, ConnectionFeed feed, long after, IReadOnlySet<string>? entities, int capacity)
    {
        _hub = hub;
        _feed = feed;
        Cursor = after;
        _entities = entities;
        _capacity = capacity;
    }

    /// <summary>The sequence number of the last row handed to the caller.</summary>
    public long Cursor { get; private set; }

    /// <summary>The subscriber fell too far behind and must reconnect from its cursor.</summary>
    public bool Overflowed { get; private set; }

    internal void Offer(IReadOnlyList<ChangeRow> rows)
    {
        if (!_isLive || Overflowed) return;
        var count = rows.Count;
        if (_entities is not null)
        {
            count = 0;
            for (var i = 0; i < rows.Count; i++) if (_entities.Contains(rows[i].Entity)) count++;
            if (count == 0) return;
        }
        // Rows waiting for this subscriber, counted; past the bound it is ended rather than buffered without limit.
        if (Interlocked.Add(ref _queued, count) > _capacity)
        {
            Overflowed = true;
            _live.Writer.TryComplete();
            return;
        }
        _live.Writer.TryWrite(rows);
    }

    /// <summary>The rows after the cursor, in order, forever, in batches of what is ready together; <paramref name="idle"/>
    /// is called when nothing came for <paramref name="heartbeat"/>. Ends when cancelled or when the subscriber
    /// overflowed.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ChangeRow>> ReadAllAsync(TimeSpan heartbeat, Func<Task> idle,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Catch up from the log; then go live, and cover what the feed dispatched before that moment from the log once
        // more.
        foreach (var live in (bool[])[false, true])
        {
            if (live) _isLive = true;
            IReadOnlyList<ChangeRow> rows;
            do
            {
                rows = await _hub.ReadAfterAsync(_feed.ConnectionId, Cursor, _entities?.ToArray(), ct);
                if (rows.Count == 0) break;
                Cursor = rows[^1].Seq;
                yield return rows;
            }
            while (rows.Count == ChangeFeedHub.BatchSize);
        }

        // One heartbeat timer per subscription, armed for the quiet time left and re-armed only when it fires: arming it
        // per wait was a timer change for every batch of every subscriber.
        var lastSent = Stopwatch.GetTimestamp();
        var idleAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idleAfter.CancelAfter(heartbeat);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                bool ready;
                try { ready = await _live.Reader.WaitToReadAsync(idleAfter.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // A heartbeat when nothing went out for a whole interval; either way, wait out the rest of the next.
                    idleAfter.Dispose();
                    idleAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (Stopwatch.GetElapsedTime(lastSent) >= heartbeat)
                    {
                        await idle();
                        lastSent = Stopwatch.GetTimestamp();
                    }
                    idleAfter.CancelAfter(heartbeat - Stopwatch.GetElapsedTime(lastSent));
                    continue;
                }
                if (!ready) yield break; // overflowed
                var batch = TakeReady();
                if (batch is null) continue;
                Cursor = batch[^1].Seq;
                lastSent = Stopwatch.GetTimestamp();
                yield return batch;
            }
        }
        finally { idleAfter.Dispose(); }
    }

    /// <summary>Everything ready, as one batch of this subscriber's rows after its cursor; null when none is. The common
    /// case, one batch of the feed that is all new and unfiltered, is passed on as it is (shared, read-only).</summary>
    private IReadOnlyList<ChangeRow>? TakeReady()
    {
        if (!_live.Reader.TryRead(out var first)) return null;
        if (_entities is null && first[0].Seq > Cursor && !_live.Reader.TryPeek(out _))
        {
            Interlocked.Add(ref _queued, -first.Count);
            return first;
        }
        var batch = new List<ChangeRow>(first.Count);
        var taken = 0;
        var last = Cursor;
        var rows = first;
        do
        {
            foreach (var row in rows)
            {
                if (_entities is not null && !_entities.Contains(row.Entity)) continue;
                taken++;
                if (row.Seq <= last) continue;
                last = row.Seq;
                batch.Add(row);
            }
        }
        while (_live.Reader.TryRead(out rows));
        Interlocked.Add(ref _queued, -taken);
        return batch.Count == 0 ? null : batch;
    }

    public void Dispose() => _feed.Remove(this);
}
