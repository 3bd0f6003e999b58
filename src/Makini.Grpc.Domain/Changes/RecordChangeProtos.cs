using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Changes;

/// <summary>A change-log row as the API shows it, in change streams and in records.changed webhooks alike.</summary>
public static class RecordChangeProtos
{
    private sealed record ChangeCursor(long Seq);

    public static string Scope(string connectionId) => $"changes|{connectionId}";

    /// <summary>The opaque, connection-bound cursor of a change-log position.</summary>
    public static string EncodeCursor(PageTokens tokens, string connectionId, long seq) => tokens.Encode(Scope(connectionId), new ChangeCursor(seq));

    /// <summary>The position of a cursor; 0 for none; a field violation for one not issued for this connection.</summary>
    public static long DecodeCursor(PageTokens tokens, string connectionId, string? cursor, string field) =>
        tokens.Decode<ChangeCursor>(cursor, Scope(connectionId), field)?.Seq ?? 0;

    public static V1.RecordChange Build(string entity, string changeType, DateTimeOffset changedAt, string origin, string recordId, byte[] payload, string cursor)
    {
        var shape = EntityShape.ByName(entity)!;
        var change = new V1.RecordChange
        {
            Cursor = cursor,
            Entity = shape.Kind.ToProto(),
            ChangeType = changeType switch { "created" => V1.ChangeType.Created, "updated" => V1.ChangeType.Updated, _ => V1.ChangeType.Deleted },
            ChangeTime = Timestamp.FromDateTimeOffset(changedAt),
            Origin = origin == "write" ? V1.ChangeOrigin.Write : V1.ChangeOrigin.Sync,
            RecordId = recordId,
        };
        switch (shape.ParseBytes(payload))
        {
            case V1.PurchaseOrder po: change.PurchaseOrder = po; break;
            case V1.WorkOrder wo: change.WorkOrder = wo; break;
            case V1.InventoryItem item: change.InventoryItem = item; break;
            case V1.Vendor vendor: change.Vendor = vendor; break;
            case V1.Asset asset: change.Asset = asset; break;
        }
        return change;
    }
}
