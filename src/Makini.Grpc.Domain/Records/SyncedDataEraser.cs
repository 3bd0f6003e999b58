using Makini.Grpc.Domain.Connections.DeletingData;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Marten;

namespace Makini.Grpc.Domain.Records;

/// <summary>DeleteConnectionData: the synced records, their raw source records, the change log and the sync state go in the
/// same transaction as the lifecycle event.</summary>
public sealed class SyncedDataEraser : IConnectionDataEraser
{
    public void Erase(IDocumentSession session, string connectionId)
    {
        session.DeleteWhere<SyncedRecord>(r => r.ConnectionId == connectionId);
        session.DeleteWhere<SyncRun>(r => r.ConnectionId == connectionId);
        foreach (var table in new[] { RecordSchema.Raws, RecordSchema.Changes, RecordSchema.Counters, RecordSchema.Totals, RecordSchema.Jobs })
            session.QueueSqlCommand($"delete from {MartenSetup.Schema}.{table} where connection_id = ?", connectionId);
    }
}
