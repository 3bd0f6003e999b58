using Makini.Grpc.Domain.Connections;
using Marten;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Webhooks;

/// <summary>The connection.* events, queued in the transaction that changes the connection.</summary>
public static class ConnectionWebhooks
{
    public static void Enqueue(IDocumentSession session, string type, Connection connection, ConnectionStatus statusAfter, string reason,
        DateTimeOffset at, int sourceHttpStatus = 0) =>
        WebhookOutbox.Enqueue(session, type, connection.AccountId, connection.Id, new V1.ConnectionEventData
        {
            ConnectionId = connection.Id, SystemId = connection.SystemId, EndUserId = connection.EndUserId, Status = ToProto(statusAfter),
            Reason = reason, SourceHttpStatus = sourceHttpStatus,
        }, at);

    public static V1.ConnectionStatus ToProto(ConnectionStatus status) => status switch
    {
        ConnectionStatus.Active => V1.ConnectionStatus.Active,
        ConnectionStatus.ReauthorizationRequired => V1.ConnectionStatus.ReauthorizationRequired,
        ConnectionStatus.Disconnected => V1.ConnectionStatus.Disconnected,
        _ => V1.ConnectionStatus.Unspecified,
    };
}
