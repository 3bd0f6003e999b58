using System.Collections.Concurrent;
using Makini.Grpc.Domain.Connections;

namespace Makini.Grpc.Domain.Sync;

/// <summary>The syncs this node is running, so a disconnect can cancel them at once (see <see cref="ConnectionStops"/>).</summary>
public sealed class RunningSyncs
{
    private readonly ConcurrentDictionary<CancellationTokenSource, string> _runs = new();

    public RunningSyncs(ConnectionStops stops) => stops.Stopped += Cancel;

    public int Count => _runs.Count;

    public IDisposable Register(string connectionId, CancellationTokenSource cts)
    {
        _runs[cts] = connectionId;
        return new Unregister(this, cts);
    }

    private void Cancel(string connectionId)
    {
        foreach (var (cts, id) in _runs)
        {
            if (id != connectionId) continue;
            try { cts.Cancel(); } catch (ObjectDisposedException) { }
        }
    }

    private sealed class Unregister(RunningSyncs owner, CancellationTokenSource cts) : IDisposable
    {
        public void Dispose() => owner._runs.TryRemove(cts, out _);
    }
}
