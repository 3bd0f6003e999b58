using System.IO.Pipelines;
using Makini.Grpc.Domain.Changes;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

/// <summary>
/// Writes a subscriber's batch of changes to its response body as gRPC frames. A change is framed once (see
/// <see cref="MessageFrames"/>) for every subscriber of its connection on this node and kept on its row; a subscriber
/// copies a batch's frames into as few of Kestrel's buffers as fit (taking one locks the stream) and flushes once.
/// Through gRPC's stream writer each message was serialized, framed, queued and flushed anew for each subscriber.
/// </summary>
internal sealed class ChangeFrames(PageTokens cursors, string connectionId)
{
    private sealed record PreparedChange(byte[] Frame, string Cursor);

    /// <summary>Writes the rows' frames (the caller flushes); returns the last row's cursor.</summary>
    public string Write(PipeWriter body, IReadOnlyList<ChangeRow> rows)
    {
        var i = 0;
        while (i < rows.Count)
        {
            var span = body.GetSpan(Prepared(rows[i]).Frame.Length);
            var used = 0;
            for (; i < rows.Count; i++)
            {
                var frame = Prepared(rows[i]).Frame;
                if (frame.Length > span.Length - used) break;
                frame.CopyTo(span[used..]);
                used += frame.Length;
            }
            body.Advance(used);
        }
        return Prepared(rows[^1]).Cursor;
    }

    private PreparedChange Prepared(ChangeRow row) => (PreparedChange)(row.Prepared ??= Prepare(row));

    private PreparedChange Prepare(ChangeRow row)
    {
        var cursor = RecordChangeProtos.EncodeCursor(cursors, connectionId, row.Seq);
        var response = new SubscribeChangesResponse
        {
            Change = RecordChangeProtos.Build(row.Entity, row.ChangeType, row.ChangedAt, row.Origin, row.RecordId, row.Payload, cursor),
        };
        return new PreparedChange(MessageFrames.Frame(response), cursor);
    }
}
