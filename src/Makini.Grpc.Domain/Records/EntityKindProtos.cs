using Makini.Grpc.Connectors.Catalog;
using Proto = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Records;

public static class EntityKindProtos
{
    public static Proto.Entity ToProto(this EntityKind e) => e switch
    {
        EntityKind.PurchaseOrder => Proto.Entity.PurchaseOrder,
        EntityKind.WorkOrder => Proto.Entity.WorkOrder,
        EntityKind.InventoryItem => Proto.Entity.InventoryItem,
        EntityKind.Vendor => Proto.Entity.Vendor,
        _ => Proto.Entity.Asset,
    };
}
