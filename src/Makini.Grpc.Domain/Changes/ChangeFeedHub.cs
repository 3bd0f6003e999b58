using System.Collections.Concurrent;
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
                    foreach (var row in rows)
                        foreach (var subscriber in subscribers) subscriber.Offer(row);
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
/// every row it reads, and the subscriber reads the log once more to cover what the feed dispatched before — rows it
/// already sent are skipped by sequence number, so nothing is missed and nothing is sent twice. Its buffer is bounded:
/// a subscriber that falls behind by more is ended (the client resumes from its cursor), never slowing anyone else.
/// </summary>
public sealed class ChangeSubscription : IDisposable
{
    private readonly ChangeFeedHub _hub;
    private readonly ConnectionFeed _feed;
    private readonly IReadOnlySet<string>? _entities;
    private readonly Channel<ChangeRow> _live;
    private volatile bool _isLive;

    internal ChangeSubscription(ChangeFeedHub hub, ConnectionFeed feed, long after, IReadOnlySet<string>? entities, int capacity)
    {
        _hub = hub;
        _feed = feed;
        Cursor = after;
        _entities = entities;
        _live = Channel.CreateBounded<ChangeRow>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The sequence number of the last row handed to the caller.</summary>
    public long Cursor { get; private set; }

    /// <summary>The subscriber fell too far behind and must reconnect from its cursor.</summary>
    public bool Overflowed { get; private set; }

    internal void Offer(ChangeRow row)
    {
        if (!_isLive || Overflowed || row.Seq <= Cursor || (_entities is not null && !_entities.Contains(row.Entity))) return;
        if (!_live.Writer.TryWrite(row))
        {
            Overflowed = true;
            _live.Writer.TryComplete();
        }
    }

    /// <summary>The rows after the cursor, in order, forever; <paramref name="idle"/> is called when nothing came for
    /// <paramref name="heartbeat"/>. Ends when cancelled or when the subscriber overflowed.</summary>
    public async IAsyncEnumerable<ChangeRow> ReadAllAsync(TimeSpan heartbeat, Func<Task> idle,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Catch up from the log; then go live, and cover what the feed dispatched before that moment from the log once
        // more. Rows read together tell the caller another follows at once, as live ones do.
        foreach (var live in (bool[])[false, true])
        {
            if (live) _isLive = true;
            IReadOnlyList<ChangeRow> rows;
            do
            {
                rows = await _hub.ReadAfterAsync(_feed.ConnectionId, Cursor, _entities?.ToArray(), ct);
                for (var i = 0; i < rows.Count; i++)
                {
                    _readyAfterThis = rows.Count - i - 1;
                    Cursor = rows[i].Seq;
                    yield return rows[i];
                }
                _readyAfterThis = 0;
            }
            while (rows.Count == ChangeFeedHub.BatchSize);
        }

        // One timer per subscription, re-armed per wait: a fresh Task.Delay per wake would leave a pending timer behind
        // for every change of every subscriber (hundreds of thousands a second under fan-out).
        var idleAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!idleAfter.TryReset())
                {
                    idleAfter.Dispose();
                    idleAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
                }
                idleAfter.CancelAfter(heartbeat);
                bool ready;
                try { ready = await _live.Reader.WaitToReadAsync(idleAfter.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await idle();
                    continue;
                }
                if (!ready) yield break; // overflowed
                // Take what is ready as one batch, so the caller knows whether another row follows at once.
                var batch = new List<ChangeRow>();
                var last = Cursor;
                while (_live.Reader.TryRead(out var row))
                {
                    if (row.Seq <= last) continue;
                    last = row.Seq;
                    batch.Add(row);
                }
                for (var i = 0; i < batch.Count; i++)
                {
                    _readyAfterThis = batch.Count - i - 1;
                    Cursor = batch[i].Seq;
                    yield return batch[i];
                }
                _readyAfterThis = 0;
            }
        }
        finally { idleAfter.Dispose(); }
    }

    private int _readyAfterThis;

    /// <summary>Whether another row follows the current one at once: a writer may buffer this one instead of flushing.</summary>
    public bool HasMoreReady => _readyAfterThis > 0;

    public void Dispose() => _feed.Remove(this);
}
