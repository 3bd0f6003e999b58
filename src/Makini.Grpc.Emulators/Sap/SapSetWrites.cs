using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>The instance, the time and the user of one write.</summary>
internal sealed record SapWriteContext(SapInstance Instance, SapService Service, DateTimeOffset Now, string User)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}

/// <summary>
/// What one entity set accepts, with its business rules. Each step throws <see cref="SapWriteException"/> to refuse;
/// changes happen on the root record inside the record store's lock, so a refused write leaves nothing behind.
/// </summary>
internal sealed record SapSetWrites
{
    /// <summary>POST to the set (with deep insert): the new root record to store.</summary>
    public Func<SapWriteContext, JsonObject, JsonObject>? Create { get; init; }

    /// <summary>POST to a collection navigation of the parent row: the new child row (the caller appends it).</summary>
    public Func<SapWriteContext, JsonObject, JsonObject, JsonObject, JsonObject>? CreateChild { get; init; }

    /// <summary>PATCH/MERGE: (context, root record, row, changes) changes the row in place.</summary>
    public Action<SapWriteContext, JsonObject, JsonObject, JsonObject>? Patch { get; init; }

    /// <summary>DELETE: (context, root record, row) — what the system does instead of a hard delete, or throws.</summary>
    public Action<SapWriteContext, JsonObject, JsonObject>? Delete { get; init; }
}

/// <summary>The writable entity sets by name; every other set answers 501 like a data provider without the method.</summary>
internal static class SapSetWriteCatalog
{
    private static readonly Dictionary<string, SapSetWrites> BySet = new(StringComparer.Ordinal)
    {
        ["A_PurchaseOrder"] = SapPurchaseOrderWrites.Header,
        ["A_PurchaseOrderItem"] = SapPurchaseOrderWrites.Item,
        ["A_PurchaseOrderScheduleLine"] = SapPurchaseOrderWrites.ScheduleLine,
        ["MaintenanceOrder"] = SapMaintenanceOrderWrites.Order,
        ["Equipment"] = SapEquipmentWrites.Equipment,
        ["A_BusinessPartner"] = SapBusinessPartnerWrites.Partner,
        ["A_Supplier"] = SapBusinessPartnerWrites.Supplier,
        ["A_SupplierPurchasingOrg"] = SapBusinessPartnerWrites.PurchasingOrg,
        ["A_BusinessPartnerAddress"] = SapBusinessPartnerWrites.Address,
        ["A_AddressEmailAddress"] = SapBusinessPartnerWrites.Email,
        ["A_AddressPhoneNumber"] = SapBusinessPartnerWrites.Phone,
        ["A_MaterialDocumentHeader"] = SapGoodsMovements.Header,
    };

    public static SapSetWrites? Find(string set) => BySet.GetValueOrDefault(set);
}
