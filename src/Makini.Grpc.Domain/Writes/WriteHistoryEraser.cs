using Makini.Grpc.Domain.Connections.DeletingData;
using Makini.Grpc.Domain.Infrastructure;
using Marten;

namespace Makini.Grpc.Domain.Writes;

/// <summary>DeleteConnectionData: the connection's write history goes, its event streams with it (their requests carry
/// the written payloads), in the same transaction as the lifecycle event.</summary>
public sealed class WriteHistoryEraser : IConnectionDataEraser
{
    private const string S = MartenSetup.Schema;

    // One statement: the streams are found through their views before any of the three is deleted.
    private const string EraseSql =
        $"with writes as (select id from {S}.mt_doc_writeoperation where connection_id = ?), " +
        $"events as (delete from {S}.mt_events where stream_id in (select id from writes)), " +
        $"streams as (delete from {S}.mt_streams where id in (select id from writes)) " +
        $"delete from {S}.mt_doc_writeoperation where id in (select id from writes)";

    public void Erase(IDocumentSession session, string connectionId) => session.QueueSqlCommand(EraseSql, connectionId);
}
