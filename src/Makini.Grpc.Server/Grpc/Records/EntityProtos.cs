using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Common;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

/// <summary>The proto Entity enum against the domain's entity kinds.</summary>
public static class EntityProtos
{
    public static EntityKind? FromProto(this V1.Entity entity) => entity switch
    {
        V1.Entity.PurchaseOrder => EntityKind.PurchaseOrder,
        V1.Entity.WorkOrder => EntityKind.WorkOrder,
        V1.Entity.InventoryItem => EntityKind.InventoryItem,
        V1.Entity.Vendor => EntityKind.Vendor,
        V1.Entity.Asset => EntityKind.Asset,
        _ => null,
    };

    /// <summary>A list of entities from a request; UNSPECIFIED or unknown values are field violations.</summary>
    public static IReadOnlyList<EntityKind> FromProto(IEnumerable<V1.Entity> entities, string field)
    {
        var v = new Validator();
        var kinds = new List<EntityKind>();
        var i = 0;
        foreach (var entity in entities)
        {
            if (entity.FromProto() is { } kind) kinds.Add(kind);
            else v.Add($"{field}[{i}]", "must be one of ENTITY_PURCHASE_ORDER, ENTITY_WORK_ORDER, ENTITY_INVENTORY_ITEM, ENTITY_VENDOR, ENTITY_ASSET");
            i++;
        }
        v.ThrowIfInvalid();
        return kinds;
    }
}
