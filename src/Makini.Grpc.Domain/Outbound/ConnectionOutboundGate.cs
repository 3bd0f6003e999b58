using Makini.Grpc.Connectors;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Security.Tokens;
using Marten;

namespace Makini.Grpc.Domain.Outbound;

/// <summary>Every request a connection makes to its source passes here: refused once the connection is stopped
/// (known on every node before DisconnectConnection returns; a node out of touch with the cluster asks PostgreSQL),
/// then admitted within the connection's budget.</summary>
public sealed class ConnectionOutboundGate(ConnectionStops stops, CacheCoherence coherence, IDocumentStore store, OutboundBudget budget) : IOutboundGate
{
    public async ValueTask<IAsyncDisposable> EnterAsync(string connectionId, string systemId, CancellationToken ct)
    {
        EnsureNotStopped(connectionId);
        if (!coherence.InSync)
        {
            await using var session = store.QuerySession();
            var connection = await session.LoadAsync<Connection>(connectionId, ct);
            if (connection is null || connection.Status == ConnectionStatus.Disconnected)
            {
                stops.MarkStopped(connectionId);
                throw new SourceCallRefusedException(connectionId, "it was disconnected");
            }
        }
        return await budget.EnterAsync(connectionId, systemId, ct);
    }

    public void EnsureNotStopped(string connectionId)
    {
        if (stops.IsStopped(connectionId)) throw new SourceCallRefusedException(connectionId, "it was disconnected");
    }
}
