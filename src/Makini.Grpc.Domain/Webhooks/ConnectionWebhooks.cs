using Makini.Grpc.Domain.Connections;
using Marten;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Webhooks;

/// <summary>The connection.* events, queued in the transaction that changes the connection.</summary>
public static class ConnectionWebhooks
{
    public static void Enqueue(IDocumentSession session, string type, Connection connection, ConnectionStatus statusAfter, string reason,
        DateTimeOffset at, int sourceHttpStatus = 0) =>
        Enqueue(session, type, connection.AccountId, connection.Id, connection.SystemId, connection.EndUserId, statusAfter, reason, at, sourceHttpStatus);

    /// <summary>For a connection whose stream starts in this transaction (no snapshot to read yet).</summary>
    public static void Enqueue(IDocumentSession session, string type, string accountId, string connectionId, string systemId, string endUserId,
        ConnectionStatus statusAfter, string reason, DateTimeOffset at, int sourceHttpStatus = 0) =>
        WebhookOutbox.Enqueue(session, type, accountId, connectionId, new V1.ConnectionEventData
        {
            ConnectionId = connectionId, SystemId = systemId, EndUserId = endUserId, Status = statusAfter.ToProto(),
            Reason = reason, SourceHttpStatus = sourceHttpStatus,
        }, at);
}
