using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>Write requests as the write handler builds them, and demo records of the emulated company to write about.</summary>
public static class BusinessCentralWriteData
{
    public static string NewKey() => "mk-" + Guid.NewGuid().ToString("N");

    public static WriteRequest Create(EntityKind entity, IMessage record, JsonObject? remoteFields = null) =>
        new(entity, WriteKind.Create, null, record, [], remoteFields ?? new JsonObject(), null, NewKey());

    public static WriteRequest Update(EntityKind entity, string remoteId, IMessage record, string[] mask, string? etag = null) =>
        new(entity, WriteKind.Update, remoteId, record, mask, new JsonObject(), etag, NewKey());

    public static WriteRequest Delete(EntityKind entity, string remoteId, string? etag = null) =>
        new(entity, WriteKind.Delete, remoteId, null, [], new JsonObject(), etag, NewKey());

    public static string Id(JsonObject record) => record["id"]!.GetValue<string>();

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    public static IReadOnlyList<JsonObject> LinesOf(JsonObject order) => order["purchaseOrderLines"]!.AsArray().OfType<JsonObject>().ToList();

    /// <summary>An unblocked vendor in the local currency.</summary>
    public static async Task<JsonObject> VendorAsync(BusinessCentralTestCompany company) =>
        (await company.AllAsync("vendor")).First(v => Text(v["blocked"]) == "_x0020_" && Text(v["currencyCode"]) == "");

    /// <summary>Inventory items that are not blocked.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ItemsAsync(BusinessCentralTestCompany company) =>
        (await company.AllAsync("inventory_item")).Where(i => Text(i["type"]) == "Inventory" && !i["blocked"]!.GetValue<bool>()).ToList();

    /// <summary>An order in the given API status ("Draft", "In Review", "Open") with at least that many lines.</summary>
    public static async Task<JsonObject> OrderAsync(BusinessCentralTestCompany company, string status, int minLines = 1) =>
        (await company.AllAsync("purchase_order")).First(o => Text(o["status"]) == status && LinesOf(o).Count >= minLines);

    /// <summary>The order as the reader maps it (its etag, line numbers and ids).</summary>
    public static async Task<PurchaseOrder> ReadOrderAsync(BusinessCentralTestCompany company, string id) =>
        (PurchaseOrder)(await company.ReadAllAsync(EntityKind.PurchaseOrder)).Single(r => r.RemoteId == id).Unified;

    public static PurchaseOrder NewOrder(string vendorId, string firstItem, string secondItem)
    {
        var order = new PurchaseOrder { Vendor = new RecordRef { RemoteId = vendorId }, OrderDate = "2031-04-02", RequiredDate = "2031-04-20" };
        order.Lines.Add(new PurchaseOrderLine { ItemCode = firstItem, Quantity = "3" });
        order.Lines.Add(new PurchaseOrderLine { ItemCode = secondItem, Quantity = "2.5", UnitPrice = new Money { CurrencyCode = "USD", Amount = "12.4" } });
        return order;
    }
}
