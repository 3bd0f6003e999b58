using System.Collections.Concurrent;

namespace Makini.Grpc.Domain.Connections;

/// <summary>This node's record of connections that were disconnected: their work is cancelled and no request to
/// their source may start. Filled by the cluster-wide broadcast a disconnect waits for, so it holds on every node
/// before DisconnectConnection returns.</summary>
public sealed class ConnectionStops
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _stopped = new(StringComparer.Ordinal);

    /// <summary>Raised for each newly stopped connection (running syncs cancel themselves).</summary>
    public event Action<string>? Stopped;

    public bool IsStopped(string connectionId) => _stopped.ContainsKey(connectionId);

    public void MarkStopped(string connectionId)
    {
        if (_stopped.TryAdd(connectionId, DateTimeOffset.UtcNow)) Stopped?.Invoke(connectionId);
    }
}
