using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using static Makini.Grpc.Connectors.Sap.SapWriteValues;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Stock adjustments as goods movements: POST API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader with one
/// to_MaterialDocumentItem for the stock row's material, plant, storage location (the adjustment's location, else the
/// row's), batch and stock type; movement type 701 for a gain and 702 for a loss (remote field GoodsMovementType
/// overrides; UNVERIFIED which types a given S/4HANA allows through the API), goods movement code 05 (other receipt) or
/// 03 (goods issue). A new quantity is turned into the difference to the current stock, read first (so it is safe to
/// resend); a delta carries the idempotency token in MaterialDocumentHeaderText, which finds the posting again.
/// The stock row is read back through A_MatlStkInAcctMod, mapped as the reader maps it.
/// </summary>
internal sealed class SapStockWriter(SapWriteKit kit)
{
    private const string DocumentService = "API_MATERIAL_DOCUMENT_SRV";
    private const string DocumentSet = "A_MaterialDocumentHeader";
    private const int HandleLength = 25;
    private const int ItemTextLength = 50;

    public async Task<WriteResult> AdjustAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var adjustment = request.Adjustment!;
        var row = Key(request);
        var at = Target(request, row);
        var fields = Map(request);
        var source = await kit.GetAsync(target, SapInventoryMapping.Service, Resource(row), null, ct)
            ?? throw new SourceNotFoundException(SystemCatalog.Sap, request.RemoteId!);
        decimal delta;
        if (adjustment.NewQuantity is { } wanted)
        {
            var current = at.SequenceEqual(row) ? source : await kit.GetAsync(target, SapInventoryMapping.Service, Resource(at), null, ct);
            delta = Number(wanted, "new_quantity") - Quantity(current);
            if (delta == 0 && current is not null) return new WriteResult(SapInventoryMapping.Map(current));
        }
        else delta = Number(adjustment.Delta!, "quantity_delta");

        var item = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            if (name != "GoodsMovementCode") item[name] = value?.DeepClone();
        for (var i = 0; i < SapInventoryMapping.KeyFields.Count; i++)
            if (SapInventoryMapping.KeyFields[i] is "Material" or "Plant" or "StorageLocation" or "Batch" or "InventoryStockType" or "InventorySpecialStockType")
                item[SapInventoryMapping.KeyFields[i]] = at[i];
        item["GoodsMovementType"] = SapWire.Text(item["GoodsMovementType"]) is { Length: > 0 } type ? type : delta > 0 ? "701" : "702";
        item["QuantityInEntryUnit"] = Math.Abs(delta).ToString(CultureInfo.InvariantCulture);
        item["EntryUnit"] = SapWire.Text(source["MaterialBaseUnit"]);
        if (adjustment.Reason.Length > 0) item["MaterialDocumentItemText"] = adjustment.Reason.Length > ItemTextLength ? adjustment.Reason[..ItemTextLength] : adjustment.Reason;
        var today = Date(DateOnly.FromDateTime(DateTime.UtcNow));
        var document = new JsonObject
        {
            ["GoodsMovementCode"] = SapWire.Text(request.RemoteFields["GoodsMovementCode"]) is { Length: > 0 } code ? code : delta > 0 ? "05" : "03",
            ["PostingDate"] = today,
            ["DocumentDate"] = today,
            ["MaterialDocumentHeaderText"] = Handle(request.IdempotencyKey, HandleLength),
            ["to_MaterialDocumentItem"] = new JsonObject { ["results"] = new JsonArray(item) },
        };
        await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, DocumentService, DocumentSet, document) { SendOnce = true }, fields, ct);
        return new WriteResult(await kit.ReadBackAsync(target, EntityKind.InventoryItem, Resource(at), string.Join('|', at), ct));
    }

    /// <summary>The stock row after the goods movement that MaterialDocumentHeaderText names, or null when SAP never
    /// posted it.</summary>
    public async Task<SourceRecord?> FindAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var filter = $"MaterialDocumentHeaderText eq {FilterLiteral(Handle(request.IdempotencyKey, HandleLength))}";
        var document = await kit.FindAsync(target, DocumentService, DocumentSet, filter, null, ct);
        if (document is null) return null;
        var at = Target(request, Key(request));
        return await kit.ReadBackAsync(target, EntityKind.InventoryItem, Resource(at), string.Join('|', at), ct);
    }

    /// <summary>The eleven key values of the stock row (its remote id).</summary>
    private static string[] Key(WriteRequest request)
    {
        var values = (request.RemoteId ?? "").Split('|');
        return values.Length == SapInventoryMapping.KeyFields.Count && values[0].Length > 0
            ? values
            : throw new SourceNotFoundException(SystemCatalog.Sap, request.RemoteId ?? "");
    }

    /// <summary>The row the movement posts to: the same stock at the adjustment's storage location when it names one.</summary>
    private static string[] Target(WriteRequest request, string[] row)
    {
        var at = (string[])row.Clone();
        if (request.Adjustment?.Location is { Length: > 0 } location) at[2] = location;
        return at;
    }

    private static string Resource(string[] key) =>
        "A_MatlStkInAcctMod(" + string.Join(',', SapInventoryMapping.KeyFields.Select((name, i) => $"{name}={Literal(key[i])}")) + ")";

    private static decimal Quantity(JsonObject? row) =>
        decimal.TryParse(SapWire.Text(row?["MatlWrhsStkQtyInMatlBaseUnit"]), NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity) ? quantity : 0;

    private static SapFieldMap Map(WriteRequest request) => new(request.RemoteId ?? "", new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["QuantityInEntryUnit"] = request.Adjustment?.NewQuantity is not null ? "new_quantity" : "quantity_delta",
        ["StorageLocation"] = "location",
    }, ["GoodsMovementType", "GoodsMovementCode"]);
}
